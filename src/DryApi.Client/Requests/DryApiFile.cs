namespace DryApi.Client.Requests;

/// <summary>A file sent to dryAPI as a multipart part, with the name and media type dryAPI sees.</summary>
public sealed record DryApiFile(ReadOnlyMemory<byte> Content, string FileName, string ContentType)
{
    public override string ToString() => $"{FileName} ({ContentType}, {Content.Length} bytes)";
}
