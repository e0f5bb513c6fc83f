namespace DryApi.Client.Requests;

public sealed class ImageToTextRequest
{
    public required DryApiFile Image { get; init; }

    public required string Model { get; init; }

    public string? Language { get; init; }

    /// <summary><c>text</c> or <c>json</c>.</summary>
    public string? Format { get; init; }

    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A quote for an image-sized job: give the <c>image</c>, or its <c>width</c> and <c>height</c>.</summary>
public class ImageTransformPriceRequest
{
    public required string Model { get; init; }

    public DryApiFile? Image { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }
}

public sealed class ImageToTextPriceRequest : ImageTransformPriceRequest
{
    public string? Language { get; init; }

    public string? Format { get; init; }
}

public class VideoUrlTranscriptionPriceRequest
{
    public required string VideoUrl { get; init; }

    public required bool IncludeTs { get; init; }

    public string? Model { get; init; }
}

public sealed class VideoUrlTranscriptionRequest : VideoUrlTranscriptionPriceRequest
{
    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>Transcription of a finished X (Twitter) Space by URL.</summary>
public sealed class AudioUrlTranscriptionRequest
{
    public required string AudioUrl { get; init; }

    public required bool IncludeTs { get; init; }

    public required string Model { get; init; }

    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A quote for a Space transcription: give the <c>audio_url</c> or the <c>duration_seconds</c>.</summary>
public sealed class AudioUrlTranscriptionPriceRequest
{
    public string? AudioUrl { get; init; }

    public double? DurationSeconds { get; init; }

    public required bool IncludeTs { get; init; }

    public required string Model { get; init; }
}

public sealed class VideoFileTranscriptionRequest
{
    public required DryApiFile Video { get; init; }

    public required bool IncludeTs { get; init; }

    public string? Model { get; init; }

    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A quote for a video-file transcription: give the <c>video</c> or its <c>duration_seconds</c>.</summary>
public sealed class VideoFileTranscriptionPriceRequest
{
    public DryApiFile? Video { get; init; }

    public int? DurationSeconds { get; init; }

    public required bool IncludeTs { get; init; }

    public string? Model { get; init; }
}

public sealed class AudioFileTranscriptionRequest
{
    public required DryApiFile Audio { get; init; }

    public required bool IncludeTs { get; init; }

    public string? Model { get; init; }

    public bool? ReturnResultInResponse { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A quote for an audio-file transcription: give the <c>audio</c> or its <c>duration_seconds</c>.</summary>
public sealed class AudioFileTranscriptionPriceRequest
{
    public DryApiFile? Audio { get; init; }

    public int? DurationSeconds { get; init; }

    public required bool IncludeTs { get; init; }

    public string? Model { get; init; }
}
