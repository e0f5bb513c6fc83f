namespace DryApi.Client.Contract;

/// <summary>A dryAPI operation whatever its request and response types.</summary>
public interface IDryApiOperation
{
    OperationContract Contract { get; }

    Type RequestType { get; }

    Type ResponseType { get; }
}

/// <summary>A dryAPI operation bound to the C# types a caller sends and receives.</summary>
public sealed record DryApiOperation<TRequest, TResponse>(OperationContract Contract) : IDryApiOperation
    where TRequest : class
    where TResponse : class
{
    public Type RequestType => typeof(TRequest);

    public Type ResponseType => typeof(TResponse);

    public override string ToString() => $"{Contract.Verb.ToString().ToUpperInvariant()} {Contract.Path}";
}
