using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;

namespace DryApi.Simulator.Tests.Support;

/// <summary>One parameter of a hand-built request: how it is written as JSON and as form text, or as file parts.</summary>
internal abstract record WireParameter
{
    public sealed record Scalar(JsonNode? Json, string Text) : WireParameter;

    public sealed record Files(IReadOnlyList<(string FileName, string ContentType, byte[] Content)> Items) : WireParameter;

    public sealed record Loras(IReadOnlyList<(string Name, double Weight)> Items) : WireParameter;

    public static Scalar Of(string value) => new(JsonValue.Create(value), value);

    public static Scalar Of(long value) => new(JsonValue.Create(value), value.ToString(CultureInfo.InvariantCulture));

    public static Scalar Of(double value) => new(JsonValue.Create(value), value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean as JSON <c>true</c>/<c>false</c> and as form <c>1</c>/<c>0</c>.</summary>
    public static Scalar Of(bool value) => new(JsonValue.Create(value), value ? "1" : "0");

    public static Scalar Null { get; } = new(null, "");

    public static Files File(string fileName, string contentType, byte[] content) => new([(fileName, contentType, content)]);
}

/// <summary>A request's parameters by name, written in the encoding its operation expects (or another, to test refusals).</summary>
internal sealed class WireBody : Dictionary<string, WireParameter>
{
    public WireBody()
        : base(StringComparer.Ordinal)
    {
    }

    public WireBody(IDictionary<string, WireParameter> parameters)
        : base(parameters, StringComparer.Ordinal)
    {
    }

    public WireBody With(string name, WireParameter value) => new(this) { [name] = value };

    public WireBody Without(string name)
    {
        var copy = new WireBody(this);
        copy.Remove(name);
        return copy;
    }

    public HttpContent ToContent(BodyEncoding encoding) => encoding switch
    {
        BodyEncoding.Json => ToJson(),
        BodyEncoding.Multipart => ToMultipart(),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Only JSON and multipart have a body."),
    };

    public string ToQuery() =>
        string.Join("&", this.Where(p => p.Value is WireParameter.Scalar)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(((WireParameter.Scalar)p.Value).Text)}"));

    public StringContent ToJson()
    {
        var body = new JsonObject();
        foreach (var (name, value) in this)
        {
            body[name] = value switch
            {
                WireParameter.Scalar scalar => scalar.Json?.DeepClone(),
                WireParameter.Loras loras => new JsonArray([.. loras.Items.Select(l => (JsonNode)new JsonObject { ["name"] = l.Name, ["weight"] = l.Weight })]),
                _ => throw new InvalidOperationException($"{name}: files cannot travel in JSON."),
            };
        }

        return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
    }

    public MultipartFormDataContent ToMultipart()
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in this)
        {
            switch (value)
            {
                case WireParameter.Scalar scalar:
                    content.Add(new StringContent(scalar.Text), name);
                    break;
                case WireParameter.Files files:
                    foreach (var (fileName, contentType, bytes) in files.Items)
                    {
                        var part = new ByteArrayContent(bytes);
                        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                        content.Add(part, name, fileName);
                    }

                    break;
                case WireParameter.Loras loras:
                    for (var i = 0; i < loras.Items.Count; i++)
                    {
                        content.Add(new StringContent(loras.Items[i].Name), $"{name}[{i}][name]");
                        content.Add(new StringContent(loras.Items[i].Weight.ToString(CultureInfo.InvariantCulture)), $"{name}[{i}][weight]");
                    }

                    break;
            }
        }

        return content;
    }
}
