using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Simulator.Media;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Jobs;

/// <summary>
/// Decides, at submission, what a job will produce (real bytes of the right format and size), and returns the
/// recipe to make it once the result is first asked for.
/// </summary>
internal static class ResultPlanner
{
    private const int MaxImageSide = 2048;
    private const int MaxPngSide = 4096;
    private const int MaxVideoSide = 8192;
    private const double MaxSpeechSeconds = 120;
    private const double MaxMediaSeconds = 600;

    public static Func<JobResult> Plan(OperationContract contract, RequestInput input, ModelInfo model, Guid jobId)
    {
        var seed = Seed(input, jobId);
        return contract.InferenceType switch
        {
            "txt2img" => Image((int)(input.Integer("width") ?? 1024), (int)(input.Integer("height") ?? 1024), transparent: false, seed),
            "img2img" => ImageToImage(input, seed),
            "img-upscale" => Upscaled(SourceSize(input, "image"), seed),
            "img-rmbg" => Image(SourceSize(input, "image").Width, SourceSize(input, "image").Height, transparent: true, seed),
            "txt2video" or "img2video" or "audio2video" => GeneratedVideo(input, model),
            "vid-rmbg" => Video(640, 360, VideoSeconds(input)),
            "vid-upscale" => Video(1280, 720, VideoSeconds(input)),
            "txt2audio" => Speech(input),
            "txt2music" => Audio(input.String("format") ?? "mp3", input.Number("duration") ?? 30, 24000),
            "txt2embedding" => Embeddings(input),
            "img2txt" => Recognised(input, jobId),
            _ => Transcript(input, jobId),
        };
    }

    private static Func<JobResult> ImageToImage(RequestInput input, int seed)
    {
        var first = input.Files("image").Concat(input.Files("images[]")).FirstOrDefault();
        var source = first is null ? null : SourceMedia.PictureSize(first.Content);
        var width = (int)(input.Integer("width") ?? source?.Width ?? SourceMedia.DefaultImageSide);
        var height = (int)(input.Integer("height") ?? source?.Height ?? SourceMedia.DefaultImageSide);
        return Image(width, height, transparent: false, seed);
    }

    private static (int Width, int Height) SourceSize(RequestInput input, string field) =>
        input.Files(field) is [var file, ..] && SourceMedia.PictureSize(file.Content) is { } size
            ? size
            : (SourceMedia.DefaultImageSide, SourceMedia.DefaultImageSide);

    private static Func<JobResult> Upscaled((int Width, int Height) source, int seed) =>
        Image(Math.Min(source.Width * 4, MaxImageSide), Math.Min(source.Height * 4, MaxImageSide), transparent: false, seed);

    /// <summary>A PNG of the size asked for, with small JPEG and WebP files as its alternative formats.</summary>
    private static Func<JobResult> Image(int width, int height, bool transparent, int seed)
    {
        width = Math.Clamp(width, 1, MaxPngSide);
        height = Math.Clamp(height, 1, MaxPngSide);
        return () => new JobResult(
            new ResultFile("result.png", "image/png", SampleMedia.Png(width, height, transparent, seed)),
            [new ResultFile("result.jpg", "image/jpeg", SampleMedia.Jpeg()), new ResultFile("result.webp", "image/webp", SampleMedia.Webp())]);
    }

    private static Func<JobResult> GeneratedVideo(RequestInput input, ModelInfo model)
    {
        var width = (int)(input.Integer("width") ?? 768);
        var height = (int)(input.Integer("height") ?? 512);
        var frames = input.Number("frames") ?? model.DefaultNumber("frames") ?? 48;
        var fps = input.Number("fps") ?? model.DefaultNumber("fps") ?? 24;
        return Video(width, height, frames / Math.Max(1, fps));
    }

    private static double VideoSeconds(RequestInput input) =>
        input.Files("video") is [var file, ..] ? Math.Min(10, SourceMedia.FileSeconds(file.Content)) : 5;

    private static Func<JobResult> Video(int width, int height, double seconds)
    {
        width = Math.Clamp(width, 1, MaxVideoSide);
        height = Math.Clamp(height, 1, MaxVideoSide);
        seconds = Math.Clamp(seconds, 0.1, MaxMediaSeconds);
        return () => new JobResult(new ResultFile("result.mp4", "video/mp4", SampleMedia.Mp4(width, height, seconds)), []);
    }

    /// <summary>Speech lasts about as long as reading the text aloud (15 characters a second) at the requested speed.</summary>
    private static Func<JobResult> Speech(RequestInput input)
    {
        var characters = input.String("text")?.EnumerateRunes().Count() ?? 0;
        var speed = Math.Max(0.1, input.Number("speed") ?? 1);
        var seconds = Math.Clamp(characters / 15.0 / speed, 1, MaxSpeechSeconds);
        return Audio(input.String("format") ?? "mp3", seconds, (int)(input.Number("sample_rate") ?? 24000));
    }

    private static Func<JobResult> Audio(string format, double seconds, int sampleRate)
    {
        seconds = Math.Clamp(seconds, 0.1, MaxMediaSeconds);
        sampleRate = Math.Clamp(sampleRate, 8000, 192_000);
        return format switch
        {
            "wav" => () => new JobResult(new ResultFile("result.wav", "audio/wav", SampleMedia.Wav(seconds, sampleRate)), []),
            "flac" => () => new JobResult(new ResultFile("result.flac", "audio/flac", SampleMedia.Flac(seconds, sampleRate)), []),
            _ => () => new JobResult(new ResultFile("result.mp3", "audio/mpeg", SampleMedia.Mp3(seconds)), []),
        };
    }

    /// <summary>A 1024-dimension unit vector per input, derived from the text so the same text embeds the same.</summary>
    private static Func<JobResult> Embeddings(RequestInput input)
    {
        var texts = input.Strings("input");
        var single = input.Get("input") is WireValue.Text or WireValue.Json { Element.ValueKind: System.Text.Json.JsonValueKind.String };
        return () =>
        {
            var vectors = texts.Select(text => "[" + string.Join(",", Vector(text).Select(v => v.ToString("0.######", CultureInfo.InvariantCulture))) + "]");
            var json = single ? vectors.First() : "[" + string.Join(",", vectors) + "]";
            return Text("result.json", "application/json", json);
        };
    }

    private static double[] Vector(string text)
    {
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        var vector = new double[1024];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (random.NextDouble() * 2) - 1;
        }

        var length = Math.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / length)];
    }

    private static Func<JobResult> Recognised(RequestInput input, Guid jobId)
    {
        var text = Sentences(jobId, 3);
        if (input.String("format") == "json")
        {
            var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["text"] = text,
                ["language"] = input.String("language") ?? "en",
                ["lines"] = text.Split(". ", StringSplitOptions.RemoveEmptyEntries),
            });
            return () => Text("result.json", "application/json", json);
        }

        return () => Text("result.txt", "text/plain; charset=utf-8", text);
    }

    /// <summary>A transcript of the media's length, one line per four seconds (at most 30), timestamped when asked.</summary>
    private static Func<JobResult> Transcript(RequestInput input, Guid jobId)
    {
        var seconds = SourceMedia.TranscriptionSeconds(input);
        var withTimestamps = input.Boolean("include_ts") == true;
        var lines = (int)Math.Clamp(Math.Ceiling(seconds / 4), 1, 30);
        var text = new StringBuilder();
        var sentences = Sentences(jobId, lines).Split(". ", StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines; i++)
        {
            var sentence = sentences[i % sentences.Length].TrimEnd('.') + ".";
            text.AppendLine(withTimestamps ? $"[{Stamp(i * 4)} --> {Stamp(Math.Min(seconds, (i + 1) * 4))}] {sentence}" : sentence);
        }

        var transcript = text.ToString().TrimEnd();
        return () => Text("result.txt", "text/plain; charset=utf-8", transcript);
    }

    private static string Stamp(double seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"hh\:mm\:ss\.fff" : @"mm\:ss\.fff", CultureInfo.InvariantCulture);

    private static readonly string[] Vocabulary =
    [
        "The quick brown fox jumps over the lazy dog", "Welcome back to the show", "Today we look at simulated inference",
        "Every result here is generated on the fly", "Nothing in this text was spoken by a person",
        "The weather is calm and the sky is clear", "Thank you for listening", "Let us move on to the next topic",
    ];

    private static string Sentences(Guid seed, int count)
    {
        var bytes = seed.ToByteArray();
        return string.Join(". ", Enumerable.Range(0, count).Select(i => Vocabulary[bytes[i % bytes.Length] % Vocabulary.Length])) + ".";
    }

    private static JobResult Text(string name, string contentType, string content) =>
        new(new ResultFile(name, contentType, Encoding.UTF8.GetBytes(content)), []);

    /// <summary>The request's seed; -1 (random) draws one from the job id.</summary>
    private static int Seed(RequestInput input, Guid jobId) =>
        input.Integer("seed") is { } seed and >= 0 ? (int)(seed % int.MaxValue) : BitConverter.ToInt32(jobId.ToByteArray()) & int.MaxValue;
}
