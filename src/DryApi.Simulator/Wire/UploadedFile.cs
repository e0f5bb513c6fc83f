using System.Security.Cryptography;

namespace DryApi.Simulator.Wire;

/// <summary>A file part of a multipart request, held in memory.</summary>
internal sealed class UploadedFile(string fieldName, string fileName, string contentType, byte[] content)
{
    public string FieldName { get; } = fieldName;

    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public byte[] Content { get; } = content;

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}
