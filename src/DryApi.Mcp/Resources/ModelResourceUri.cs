namespace DryApi.Mcp.Resources;

/// <summary>Where the model resources live: the whole catalogue, one inference type's models, or one model's card.</summary>
internal static class ModelResourceUri
{
    public const string Catalogue = "dryapi://models";
    public const string ByInferenceType = "dryapi://models/{inference_type}";
    public const string Card = "dryapi://models/{inference_type}/{slug}";

    public const string InferenceTypeArgument = "inference_type";
    public const string SlugArgument = "slug";

    /// <summary>What <paramref name="uri"/> addresses, or null when it is none of the model resources.</summary>
    public static ModelResourceAddress? Parse(string uri)
    {
        if (string.Equals(uri, Catalogue, StringComparison.Ordinal))
        {
            return new ModelResourceAddress(null, null);
        }

        if (!uri.StartsWith(Catalogue + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = uri[(Catalogue.Length + 1)..].Split('/');
        if (segments.Length > 2 || segments.Any(segment => segment.Length == 0))
        {
            return null;
        }

        var inferenceType = Uri.UnescapeDataString(segments[0]);
        return new ModelResourceAddress(inferenceType, segments.Length == 2 ? Uri.UnescapeDataString(segments[1]) : null);
    }
}

/// <summary>A model resource: no inference type for the whole catalogue, no slug for one type's list.</summary>
internal sealed record ModelResourceAddress(string? InferenceType, string? Slug);
