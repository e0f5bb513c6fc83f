using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

internal static class AudioCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new JobCapability<TextToAudioArguments, TextToSpeechRequest, TextToSpeechPriceRequest>(
            new ToolCard(
                "text_to_audio",
                "Speak text aloud (text to speech)",
                "Turns text into natural speech (TTS) and returns an audio URL (mp3, wav or flac). Three modes: custom_voice (a preset " +
                "voice, the default), voice_clone (imitate the voice in ref_audio) and voice_design (a voice described in instruct). " +
                "Paid per character of text (slower speech costs more); text_to_audio_price quotes the same arguments for free. Pick " +
                "the model, its modes (features), languages and voices with get_available_models (inference type txt2audio).",
                ToolGroup.Audio,
                ReadOnly: false),
            "Quotes text_to_audio for the same arguments, in US dollars, without synthesising anything. Free.",
            TextToSpeech,
            TextToSpeechPrice,
            TextToAudioArguments.Resolve,
            job => new TextToSpeechPriceRequest
            {
                Text = job.Text,
                Model = job.Model,
                Mode = job.Mode,
                Voice = job.Voice,
                Lang = job.Lang,
                Speed = job.Speed,
                Format = job.Format,
                SampleRate = job.SampleRate,
                Instruct = job.Instruct,
            }),
        new JobCapability<TextToMusicArguments, TextToMusicRequest, TextToMusicPriceRequest>(
            new ToolCard(
                "text_to_music",
                "Compose music from a description",
                "Generates a music track from a description (genre, mood, instruments), with sung lyrics or instrumental, optional " +
                "tempo, key, time signature and a reference track to imitate, and returns an audio URL. Paid by duration and " +
                "inference steps; text_to_music_price quotes the same arguments for free. Model: get_available_models (inference " +
                "type txt2music), e.g. ACE-Step-v1.5-turbo.",
                ToolGroup.Audio,
                ReadOnly: false),
            "Quotes text_to_music for the same arguments, in US dollars, without composing anything. Free.",
            TextToMusic,
            TextToMusicPrice,
            (arguments, model) => new TextToMusicRequest
            {
                Caption = arguments.Caption,
                Model = model.Slug,
                Lyrics = model.Text("lyrics", arguments.Lyrics),
                Duration = model.Number("duration", arguments.Duration),
                Bpm = arguments.Bpm,
                Keyscale = arguments.Keyscale,
                TimeSignature = arguments.TimeSignature,
                VocalLanguage = arguments.VocalLanguage,
                InferenceSteps = model.Whole("inference_steps", arguments.InferenceSteps),
                GuidanceScale = model.Number("guidance_scale", arguments.GuidanceScale),
                Seed = arguments.Seed,
                Format = model.Text("format", arguments.Format),
                ReferenceAudio = arguments.ReferenceAudio is { } reference ? FileArgument.For(TextToMusic, "reference_audio", reference) : null,
            },
            job => job),
    ];
}

internal sealed class TextToAudioArguments : JobArguments
{
    [Description("The text to speak, within the model's limits.min_text–max_text characters.")]
    [MinLength(1)]
    public required string Text { get; init; }

    [Description("Model slug from get_available_models (inference type txt2audio), e.g. Kokoro, Chatterbox or Qwen3_TTS; its features " +
                 "say which modes it supports. Omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    [Description("custom_voice (the usual default; omitted, the model's defaults.mode is used): a preset 'voice'. voice_clone: imitate 'ref_audio'. voice_design: a voice described in 'instruct'.")]
    [AllowedValues(SpeechModes.CustomVoice, SpeechModes.VoiceClone, SpeechModes.VoiceDesign)]
    public string? Mode { get; init; }

    [Description("custom_voice mode: a voice slug from the model's languages[].voices[].slug, e.g. af_sky for Kokoro; omit for the model's default voice.")]
    public string? Voice { get; init; }

    [Description("Language slug from the model's languages[].slug, e.g. en-us (Kokoro), en (Chatterbox), English (Qwen3_TTS); omit for the model's default.")]
    [MinLength(1)]
    public string? Lang { get; init; }

    [Description("Speaking speed, within the model's limits.min_speed–max_speed; 1 is normal (2 costs half, 0.5 costs double); omit for the model's default.")]
    public double? Speed { get; init; }

    [Description("Audio format of the result: mp3, wav or flac; omit for the model's default.")]
    [MinLength(1)]
    public string? Format { get; init; }

    [Description("Sample rate in Hz, e.g. 24000; omit for the model's default.")]
    public double? SampleRate { get; init; }

    [Description("Required in voice_clone mode: 3–10 s of the voice to clone, as an http(s) URL, base64 bytes or a data: URI (MP3, WAV, FLAC, OGG or " +
                 "M4A, at most 10 MB).")]
    public string? RefAudio { get; init; }

    [Description("voice_clone mode, optional: the transcript of ref_audio, which improves the clone.")]
    public string? RefText { get; init; }

    [Description("Required in voice_design mode: the voice described in words (e.g. 'a warm, calm female voice'). In custom_voice " +
                 "mode, optional style or emotion directions.")]
    public string? Instruct { get; init; }

    /// <summary>Each mode needs its own input; dryAPI would refuse (or silently ignore) the others only after the call.</summary>
    public static TextToSpeechRequest Resolve(TextToAudioArguments arguments, ModelChoice model)
    {
        var mode = model.TextOrDefault("mode", arguments.Mode) ?? SpeechModes.CustomVoice;
        var voice = mode == SpeechModes.CustomVoice ? model.TextOrDefault("voice", arguments.Voice) : arguments.Voice;
        if (mode == SpeechModes.CustomVoice && string.IsNullOrWhiteSpace(voice))
        {
            throw new ToolArgumentException("voice",
                "required in custom_voice mode (the default). Pass a voice slug from get_available_models (the model's languages[].voices[].slug), " +
                "or choose mode voice_clone with ref_audio, or voice_design with instruct.");
        }

        if (mode == SpeechModes.VoiceClone && string.IsNullOrWhiteSpace(arguments.RefAudio))
        {
            throw new ToolArgumentException("ref_audio",
                "required in voice_clone mode. Pass 3–10 s of the voice to clone as an http(s) URL, base64 or a data: URI (MP3, WAV, FLAC, OGG or M4A).");
        }

        if (mode == SpeechModes.VoiceDesign && string.IsNullOrWhiteSpace(arguments.Instruct))
        {
            throw new ToolArgumentException("instruct",
                "required in voice_design mode. Describe the voice in words, e.g. 'a deep, slow male voice with a British accent'.");
        }

        if (mode != SpeechModes.VoiceClone && (arguments.RefAudio is not null || arguments.RefText is not null))
        {
            throw new ToolArgumentException(arguments.RefAudio is not null ? "ref_audio" : "ref_text",
                $"only used in voice_clone mode, but mode is {mode}. Set mode to voice_clone to clone a voice, or leave ref_audio and ref_text out.");
        }

        return new TextToSpeechRequest
        {
            Text = model.Prompt("text", arguments.Text),
            Model = model.Slug,
            Mode = mode,
            Voice = voice,
            Lang = model.Text("lang", arguments.Lang),
            Speed = model.Number("speed", arguments.Speed),
            Format = model.Text("format", arguments.Format),
            SampleRate = model.Number("sample_rate", arguments.SampleRate),
            RefAudio = arguments.RefAudio is { } reference ? FileArgument.For(TextToSpeech, "ref_audio", reference) : null,
            RefText = arguments.RefText,
            Instruct = arguments.Instruct,
        };
    }
}

internal sealed class TextToMusicArguments : JobArguments
{
    [Description("The music to make: genre, mood, instruments, tempo feel, e.g. 'upbeat electronic dance music with energetic synths'.")]
    [MinLength(1)]
    public required string Caption { get; init; }

    [Description("Model slug from get_available_models (inference type txt2music), e.g. ACE-Step-v1.5-turbo; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    [Description("The lyrics to sing, or exactly [Instrumental] for a track without vocals; omit for the model's default.")]
    [MinLength(1)]
    public string? Lyrics { get; init; }

    [Description("Length of the track in seconds, within the model's min_duration–max_duration (10 to 600); omit for the model's default.")]
    [Range(10, 600)]
    public double? Duration { get; init; }

    [Description("Tempo in beats per minute, 30 to 300; omit to let the model choose.")]
    [Range(30, 300)]
    public int? Bpm { get; init; }

    [Description("Key and scale, e.g. 'C major' or 'F# minor'; omit to let the model choose.")]
    public string? Keyscale { get; init; }

    [Description("Beats per bar: 2, 3, 4 or 6; omit to let the model choose.")]
    [AllowedValues(2, 3, 4, 6)]
    [JsonPropertyName("timesignature")]
    public int? TimeSignature { get; init; }

    [Description("Language code of the sung lyrics, e.g. en, es, fr.")]
    public string? VocalLanguage { get; init; }

    [Description("Diffusion inference steps, 1 to 100: 8 for turbo models, 32 or more for base models; omit for the model's default.")]
    [Range(1, 100)]
    public int? InferenceSteps { get; init; }

    [Description("Classifier-free guidance scale, 0 to 20, within the model's limits; omit for the model's default.")]
    [Range(0, 20)]
    public double? GuidanceScale { get; init; }

    [Description("Random seed for a reproducible track; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;

    [Description("Audio format of the result: wav, mp3 or flac; omit for the model's default.")]
    [MinLength(1)]
    public string? Format { get; init; }

    [Description("Optional reference track whose style to follow: an http(s) URL, base64 bytes or a data: URI (MP3, WAV, FLAC, OGG or M4A, at most " +
                 "10 MB), within the model's duration limits.")]
    public string? ReferenceAudio { get; init; }
}
