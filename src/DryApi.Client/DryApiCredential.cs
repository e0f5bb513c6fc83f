namespace DryApi.Client;

/// <summary>
/// The dryAPI API key of the caller of one request. It is sent as <c>Authorization: Bearer</c> and nowhere
/// else; its text form is redacted so it cannot reach a log line or an error message by accident.
/// </summary>
public sealed class DryApiCredential
{
    public DryApiCredential(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (apiKey.Any(char.IsControl))
        {
            throw new ArgumentException("An API key cannot contain control characters.", nameof(apiKey));
        }

        ApiKey = apiKey.Trim();
    }

    internal string ApiKey { get; }

    public override string ToString() => "DryApiCredential(redacted)";
}
