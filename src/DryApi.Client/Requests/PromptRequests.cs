using System.Text.Json.Serialization;

namespace DryApi.Client.Requests;

// dryAPI's prompt boosters reject a body without negative_prompt, even when it has no value,
// so that property is always sent (null in JSON, an empty part in multipart).

public sealed class ImagePromptRequest
{
    public required string Prompt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NegativePrompt { get; init; }
}

public sealed class VideoPromptRequest
{
    public required string Prompt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NegativePrompt { get; init; }

    public DryApiFile? Image { get; init; }
}

public sealed class ImageEditPromptRequest
{
    public required string Prompt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? NegativePrompt { get; init; }

    public required DryApiFile Image { get; init; }
}

public sealed class SpeechPromptRequest
{
    public required string Prompt { get; init; }

    public string? LangCode { get; init; }
}

/// <summary>The kinds of sample prompt dryAPI writes.</summary>
public static class SamplePromptTypes
{
    public const string TextToImage = "text2image";
    public const string TextToSpeech = "text2speech";
}

public sealed class SamplePromptRequest
{
    /// <summary><see cref="SamplePromptTypes.TextToImage"/> or <see cref="SamplePromptTypes.TextToSpeech"/>.</summary>
    public required string Type { get; init; }

    public string? Topic { get; init; }

    public string? LangCode { get; init; }
}
