using DryApi.Client.Contract;

namespace DryApi.Client.Tests.Contract;

/// <summary>
/// One operation as dryAPI's OpenAPI document states it, in the terms of <see cref="OperationContract"/>
/// so the two can be compared fact by fact. <see cref="Path"/> is relative to <see cref="DryApiOperations.BasePath"/>.
/// </summary>
internal sealed record DocumentedOperation(
    string OperationId,
    string Verb,
    string Path,
    BodyEncoding Encoding,
    IReadOnlyList<WireField> Fields,
    IReadOnlyList<IReadOnlyList<string>> RequiredAlternatives)
{
    public WireField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
