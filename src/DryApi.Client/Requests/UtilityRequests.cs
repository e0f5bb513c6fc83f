using System.Text.Json.Serialization;

namespace DryApi.Client.Requests;

/// <summary>The request of an operation that takes no parameters.</summary>
public sealed class NoParameters
{
    public static NoParameters Instance { get; } = new();

    private NoParameters()
    {
    }
}

public sealed class JobStatusRequest
{
    public required string RequestId { get; init; }
}

/// <summary>One page of <c>/models</c>; <see cref="DryApiClient.GetModelsAsync"/> follows every page.</summary>
public sealed class ModelsPageRequest
{
    public int? PerPage { get; init; }

    public int? Page { get; init; }

    [JsonPropertyName("filter[inference_types]")]
    public IReadOnlyList<string>? InferenceTypes { get; init; }
}
