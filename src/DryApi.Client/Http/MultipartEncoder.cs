using System.Net.Http.Headers;
using DryApi.Client.Requests;

namespace DryApi.Client.Http;

/// <summary>
/// Encodes a request as <c>multipart/form-data</c> the way dryAPI (Laravel) reads it: files as file parts,
/// <c>images[]</c> repeated, LoRAs as <c>loras[i][name]</c> / <c>loras[i][weight]</c>, booleans as 1/0.
/// </summary>
internal static class MultipartEncoder
{
    public static MultipartFormDataContent Encode(Type declaredType, object request)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value, mustBePresent) in WireProperties.Read(declaredType, request))
        {
            switch (value)
            {
                case null when mustBePresent:
                    form.Add(TextPart(string.Empty), name);
                    break;
                case null:
                    break;
                case DryApiFile file:
                    AddFile(form, name, file);
                    break;
                case IEnumerable<DryApiFile> files:
                    foreach (var file in files)
                    {
                        AddFile(form, name, file);
                    }

                    break;
                case IEnumerable<LoraWeight> loras:
                    var index = 0;
                    foreach (var lora in loras)
                    {
                        form.Add(TextPart(lora.Name), $"{name}[{index}][name]");
                        form.Add(TextPart(WireProperties.FormatScalar(lora.Weight)), $"{name}[{index}][weight]");
                        index++;
                    }

                    break;
                default:
                    form.Add(TextPart(WireProperties.FormatScalar(value)), name);
                    break;
            }
        }

        return form;
    }

    private static void AddFile(MultipartFormDataContent form, string name, DryApiFile file)
    {
        var part = new ReadOnlyMemoryContent(file.Content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
        form.Add(part, name, file.FileName);
    }

    // Browsers send text fields without a Content-Type; so does this, so a field is never mistaken for a file.
    private static StringContent TextPart(string text)
    {
        var part = new StringContent(text);
        part.Headers.ContentType = null;
        return part;
    }
}
