using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

// Transcripts are asked for inline (return_result_in_response), so the tool answers with the text itself.
internal static class TranscriptionCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new JobCapability<VideoUrlTranscriptionArguments, VideoUrlTranscriptionRequest, VideoUrlTranscriptionPriceRequest>(
            new ToolCard(
                "video_url_transcription",
                "Transcribe a video by URL",
                "Transcribes the speech of an online video — YouTube, TikTok, Twitch VODs, Kick, X (Twitter) posts; up to 600 minutes — " +
                "and returns the transcript text, optionally with timestamps. Paid by the video's length; " +
                "video_url_transcription_price quotes the same URL for free. For X Spaces use audio_url_transcription; for a file " +
                "you have, video_file_transcription.",
                ToolGroup.Transcription,
                ReadOnly: false),
            "Quotes video_url_transcription for the same URL, in US dollars, without transcribing it. Free.",
            VideoUrlTranscription,
            VideoUrlTranscriptionPrice,
            (arguments, model) => new VideoUrlTranscriptionRequest
            {
                VideoUrl = arguments.VideoUrl,
                IncludeTs = arguments.IncludeTs,
                Model = model.Slug,
                ReturnResultInResponse = true,
            },
            job => job),
        new JobCapability<AudioUrlTranscriptionArguments, AudioUrlTranscriptionRequest, AudioUrlTranscriptionPriceRequest>(
            new ToolCard(
                "audio_url_transcription",
                "Transcribe an X (Twitter) Space",
                "Transcribes a finished X (Twitter) Space from its URL and returns the transcript text, optionally with timestamps. " +
                "Only Spaces that have ended (a live Space is refused); other X posts with video go to video_url_transcription. Paid " +
                "by the Space's length; audio_url_transcription_price quotes the same URL for free.",
                ToolGroup.Transcription,
                ReadOnly: false),
            "Quotes audio_url_transcription for the same Space URL, in US dollars, without transcribing it. Free.",
            AudioUrlTranscription,
            AudioUrlTranscriptionPrice,
            (arguments, model) => new AudioUrlTranscriptionRequest
            {
                AudioUrl = arguments.AudioUrl,
                IncludeTs = arguments.IncludeTs,
                Model = model.Slug,
                ReturnResultInResponse = true,
            },
            job => new AudioUrlTranscriptionPriceRequest { AudioUrl = job.AudioUrl, IncludeTs = job.IncludeTs, Model = job.Model }),
        new JobCapability<VideoFileTranscriptionArguments, VideoFileTranscriptionRequest, VideoFileTranscriptionPriceRequest>(
            new ToolCard(
                "video_file_transcription",
                "Transcribe a video file",
                "Transcribes the speech in a video file you have (it must contain an audio track) and returns the transcript text, " +
                "optionally with timestamps. Paid by the video's length; video_file_transcription_price quotes the same file for " +
                "free. For YouTube, TikTok, Twitch, Kick or X pages, video_url_transcription takes the page URL instead.",
                ToolGroup.Transcription,
                ReadOnly: false),
            "Quotes video_file_transcription for the same file, in US dollars, without transcribing it. Free.",
            VideoFileTranscription,
            VideoFileTranscriptionPrice,
            (arguments, model) => new VideoFileTranscriptionRequest
            {
                Video = FileArgument.For(VideoFileTranscription, "video", arguments.Video),
                IncludeTs = arguments.IncludeTs,
                Model = model.Slug,
                ReturnResultInResponse = true,
            },
            job => new VideoFileTranscriptionPriceRequest { Video = job.Video, IncludeTs = job.IncludeTs, Model = job.Model }),
        new JobCapability<AudioTranscriptionArguments, AudioFileTranscriptionRequest, AudioFileTranscriptionPriceRequest>(
            new ToolCard(
                "audio_transcription",
                "Transcribe an audio file",
                "Transcribes the speech in an audio file (a recording, a podcast, a voice note) with Whisper and returns the " +
                "transcript text, optionally with timestamps. Paid by the audio's length; audio_transcription_price quotes the same " +
                "file for free.",
                ToolGroup.Transcription,
                ReadOnly: false),
            "Quotes audio_transcription for the same file, in US dollars, without transcribing it. Free.",
            AudioFileTranscription,
            AudioFileTranscriptionPrice,
            (arguments, model) => new AudioFileTranscriptionRequest
            {
                Audio = FileArgument.For(AudioFileTranscription, "audio", arguments.Audio),
                IncludeTs = arguments.IncludeTs,
                Model = model.Slug,
                ReturnResultInResponse = true,
            },
            job => new AudioFileTranscriptionPriceRequest { Audio = job.Audio, IncludeTs = job.IncludeTs, Model = job.Model }),
    ];
}

internal sealed class VideoUrlTranscriptionArguments : JobArguments
{
    [Description("The video's URL: YouTube, TikTok, Twitch (VODs), Kick or an X post with video.")]
    [MinLength(1)]
    public required string VideoUrl { get; init; }

    [Description("True to put timestamps in the transcript.")]
    public required bool IncludeTs { get; init; }

    [Description("Model slug from get_available_models (inference type video2text), e.g. WhisperLargeV3; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}

internal sealed class AudioUrlTranscriptionArguments : JobArguments
{
    [Description("The URL of a finished X (Twitter) Space, e.g. https://twitter.com/i/spaces/1nAKEERkeLbKL.")]
    [MinLength(1)]
    public required string AudioUrl { get; init; }

    [Description("True to put timestamps in the transcript.")]
    public required bool IncludeTs { get; init; }

    [Description("Model slug from get_available_models (inference type audio2text), e.g. WhisperLargeV3; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}

internal sealed class VideoFileTranscriptionArguments : JobArguments
{
    [Description("The video, with an audio track: an http(s) URL, base64 bytes or a data: URI (MP4, MPEG, MOV, AVI, WMV or OGG, at most 10 MB).")]
    public required string Video { get; init; }

    [Description("True to put timestamps in the transcript.")]
    public required bool IncludeTs { get; init; }

    [Description("Model slug from get_available_models (inference type video_file2text), e.g. WhisperLargeV3; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}

internal sealed class AudioTranscriptionArguments : JobArguments
{
    [Description("The audio: an http(s) URL, base64 bytes or a data: URI (AAC, MP3, OGG, WAV, WebM or FLAC, at most 10 MB).")]
    public required string Audio { get; init; }

    [Description("True to put timestamps in the transcript.")]
    public required bool IncludeTs { get; init; }

    [Description("Model slug from get_available_models (inference type audio_file2text), e.g. WhisperLargeV3; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}
