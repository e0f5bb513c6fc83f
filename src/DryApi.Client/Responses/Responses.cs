using System.Text.Json;
using System.Text.Json.Serialization;

namespace DryApi.Client.Responses;

/// <summary>A queued job: poll <c>request-status</c> with <see cref="RequestId"/>.</summary>
public sealed record JobSubmission
{
    public required string RequestId { get; init; }
}

public sealed record PriceQuote
{
    /// <summary>The price in US dollars.</summary>
    public required decimal Price { get; init; }
}

public sealed record EnhancedPrompt(string Prompt, string? NegativePrompt);

public sealed record SamplePrompt(string Type, string Prompt);

public sealed record AccountBalance(decimal Balance, string? Currency);

/// <summary>The job statuses <c>request-status</c> reports.</summary>
public static class JobStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Done = "done";
    public const string Error = "error";
}

public sealed record ResultAlternativeFormats(string? Jpg, string? Webp);

/// <summary>The state of a job. Unknown statuses are read as still running.</summary>
public sealed record JobStatus
{
    public required string Status { get; init; }

    public double Progress { get; init; }

    public string? Preview { get; init; }

    public string? ResultUrl { get; init; }

    public ResultAlternativeFormats? ResultsAltFormats { get; init; }

    /// <summary>The inline result (transcript, OCR text, embedding JSON) when it was asked for.</summary>
    [JsonConverter(typeof(InlineResultConverter))]
    public string? Result { get; init; }

    /// <summary>dryAPI's error detail when <see cref="Status"/> is <c>error</c>; a string or an object.</summary>
    [JsonConverter(typeof(InlineResultConverter))]
    public string? Error { get; init; }

    public string? ErrorCode { get; init; }

    [JsonIgnore]
    public bool IsDone => Status is JobStatuses.Done or "completed";

    [JsonIgnore]
    public bool IsFailed => Status is JobStatuses.Error or "failed";

    [JsonIgnore]
    public bool IsFinished => IsDone || IsFailed;
}

/// <summary>Reads a value dryAPI sends as a string, or as JSON to keep as its text.</summary>
internal sealed class InlineResultConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
