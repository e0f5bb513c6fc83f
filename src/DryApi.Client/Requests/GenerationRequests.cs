using System.Text.Json.Serialization;

namespace DryApi.Client.Requests;

// A job request derives from its price request where the quote takes a subset of the job's fields,
// so the same object quotes and runs with the same parameters: each operation encodes only the
// properties of its own declared request type.

public class TextToImagePriceRequest
{
    public required string Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    public required string Model { get; init; }

    public IReadOnlyList<LoraWeight>? Loras { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double Guidance { get; init; }

    public required int Steps { get; init; }

    public required long Seed { get; init; }
}

public sealed class TextToImageRequest : TextToImagePriceRequest
{
    public string? WebhookUrl { get; init; }
}

public class VideoPriceRequest
{
    public required string Model { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Frames { get; init; }

    public int? Fps { get; init; }
}

public class TextToVideoPriceRequest : VideoPriceRequest
{
    public required int Steps { get; init; }
}

public sealed class TextToVideoRequest : TextToVideoPriceRequest
{
    public required string Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    public required double Guidance { get; init; }

    public required long Seed { get; init; }

    public string? WebhookUrl { get; init; }
}

public class ImageToVideoPriceRequest : VideoPriceRequest
{
    public required int Steps { get; init; }
}

public sealed class ImageToVideoRequest : ImageToVideoPriceRequest
{
    public required string Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    public required DryApiFile FirstFrameImage { get; init; }

    public DryApiFile? LastFrameImage { get; init; }

    public required double Guidance { get; init; }

    public required long Seed { get; init; }

    public string? WebhookUrl { get; init; }
}

public class AudioToVideoPriceRequest : VideoPriceRequest
{
    public int? Steps { get; init; }
}

public sealed class AudioToVideoRequest : AudioToVideoPriceRequest
{
    public required string Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    public required DryApiFile Audio { get; init; }

    public DryApiFile? FirstFrameImage { get; init; }

    public DryApiFile? LastFrameImage { get; init; }

    public double? Guidance { get; init; }

    public required long Seed { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>The TTS modes dryAPI offers; each makes other fields required.</summary>
public static class SpeechModes
{
    /// <summary>A preset voice (<c>voice</c> required). The default.</summary>
    public const string CustomVoice = "custom_voice";

    /// <summary>Clone the voice in <c>ref_audio</c> (required).</summary>
    public const string VoiceClone = "voice_clone";

    /// <summary>A voice described in words in <c>instruct</c> (required).</summary>
    public const string VoiceDesign = "voice_design";
}

public abstract class SpeechParameters
{
    public required string Model { get; init; }

    public string? Mode { get; init; }

    public string? Voice { get; init; }

    public required string Lang { get; init; }

    public required double Speed { get; init; }

    public required string Format { get; init; }

    public required double SampleRate { get; init; }

    public string? Instruct { get; init; }
}

public sealed class TextToSpeechRequest : SpeechParameters
{
    public required string Text { get; init; }

    public DryApiFile? RefAudio { get; init; }

    public string? RefText { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A TTS quote: give <see cref="Text"/>, or only its length as <see cref="CountText"/>.</summary>
public sealed class TextToSpeechPriceRequest : SpeechParameters
{
    public string? Text { get; init; }

    public int? CountText { get; init; }
}

public class TextToMusicPriceRequest
{
    public required string Model { get; init; }

    public required double Duration { get; init; }

    public required int InferenceSteps { get; init; }
}

public sealed class TextToMusicRequest : TextToMusicPriceRequest
{
    public required string Caption { get; init; }

    /// <summary>Lyrics, or <c>[Instrumental]</c> for none; dryAPI requires the field.</summary>
    public required string Lyrics { get; init; }

    public int? Bpm { get; init; }

    public string? Keyscale { get; init; }

    [JsonPropertyName("timesignature")]
    public int? TimeSignature { get; init; }

    public string? VocalLanguage { get; init; }

    public required double GuidanceScale { get; init; }

    public required long Seed { get; init; }

    public required string Format { get; init; }

    public DryApiFile? ReferenceAudio { get; init; }

    public string? WebhookUrl { get; init; }
}

public class TextToEmbeddingPriceRequest
{
    public required EmbeddingInput Input { get; init; }

    public required string Model { get; init; }
}

public sealed class TextToEmbeddingRequest : TextToEmbeddingPriceRequest
{
    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}
