using System.Text.Json;

namespace DryApi.Simulator.Wire;

/// <summary>How the body of a request was sent, judged by its content type.</summary>
internal enum SentBody
{
    None,
    Json,
    Multipart,
    FormUrlEncoded,
    Other,
}

/// <summary>
/// A request's parameters as they arrived, before any validation: the top-level JSON properties, or the text
/// fields of a form or query string, and the uploaded files.
/// </summary>
internal sealed class WireRequest
{
    public static WireRequest Empty { get; } = new(SentBody.None, new Dictionary<string, JsonElement>(), new Dictionary<string, IReadOnlyList<string>>(), []);

    public WireRequest(
        SentBody sentAs,
        IReadOnlyDictionary<string, JsonElement> json,
        IReadOnlyDictionary<string, IReadOnlyList<string>> text,
        IReadOnlyList<UploadedFile> files)
    {
        SentAs = sentAs;
        Json = json;
        Text = text;
        Files = files;
    }

    public SentBody SentAs { get; }

    /// <summary>The top-level properties of a JSON object body.</summary>
    public IReadOnlyDictionary<string, JsonElement> Json { get; }

    /// <summary>Text fields of a form body, or the query parameters of a request without a body.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Text { get; }

    public IReadOnlyList<UploadedFile> Files { get; }

    /// <summary>Every non-file field exactly as sent: raw JSON text per property, or the text values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RecordedFields =>
        SentAs == SentBody.Json
            ? Json.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[p.Value.GetRawText()], StringComparer.Ordinal)
            : Text;
}
