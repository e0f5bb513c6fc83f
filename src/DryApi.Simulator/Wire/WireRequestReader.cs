using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Wire;

/// <summary>Reads a request's parameters from its body (JSON or form) or, without a body, its query string.</summary>
internal static class WireRequestReader
{
    public static async Task<WireRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return FromQuery(request);
        }

        var contentType = request.ContentType ?? "";
        if (IsJson(contentType))
        {
            return await ReadJsonAsync(request, cancellationToken);
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var text = form.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)[.. f.Value.Select(v => v ?? "")], StringComparer.Ordinal);
            var files = new List<UploadedFile>();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType ?? "", buffer.ToArray()));
            }

            var sentAs = contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? SentBody.Multipart
                : SentBody.FormUrlEncoded;
            return new WireRequest(sentAs, new Dictionary<string, JsonElement>(), text, files);
        }

        return new WireRequest(SentBody.Other, new Dictionary<string, JsonElement>(), new Dictionary<string, IReadOnlyList<string>>(), []);
    }

    /// <summary>Laravel's <c>isJson()</c>: the content type names JSON.</summary>
    public static bool IsJson(string contentType) =>
        contentType.Contains("/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    private static WireRequest FromQuery(HttpRequest request) =>
        new(
            SentBody.None,
            new Dictionary<string, JsonElement>(),
            request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")], StringComparer.Ordinal),
            []);

    private static async Task<WireRequest> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    properties[property.Name] = property.Value.Clone();
                }
            }
        }
        catch (JsonException)
        {
            // Laravel reads a body that is not valid JSON as no input at all; validation then reports what is missing.
        }

        return new WireRequest(SentBody.Json, properties, new Dictionary<string, IReadOnlyList<string>>(), []);
    }
}
