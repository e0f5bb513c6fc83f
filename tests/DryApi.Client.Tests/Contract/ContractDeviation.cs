namespace DryApi.Client.Tests.Contract;

/// <summary>
/// A place where <c>DryApiOperations</c> deliberately differs from the OpenAPI document, following dryAPI's
/// documentation or SDK instead. <see cref="Field"/> is null for a fact of the whole operation; <see cref="Ours"/> is
/// what our contract states, written as <see cref="ContractFacts"/> writes it.
/// </summary>
internal sealed record ContractDeviation(string OperationId, string? Field, ContractAspect Aspect, string Ours, string Reason);
