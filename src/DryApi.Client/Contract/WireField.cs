namespace DryApi.Client.Contract;

/// <summary>How a field travels on the wire, as dryAPI's OpenAPI document types it.</summary>
public enum WireType
{
    String,
    Integer,
    Number,
    Boolean,
    File,
    FileArray,
    StringArray,
    StringOrStringArray,
    LoraArray,
}

/// <summary>Size and format limits of a file field (from the field's documented limits).</summary>
public sealed record FileRule(long MaxBytes, IReadOnlyList<string> Formats);

/// <summary>One request field of a dryAPI operation: its wire name, type and documented constraints.</summary>
public sealed record WireField(string Name, WireType Type)
{
    public bool Required { get; init; }

    public bool Nullable { get; init; }

    /// <summary>The field must be sent even when it has no value (Laravel's <c>present</c> rule).</summary>
    public bool MustBePresent { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>Maximum number of items of an array field.</summary>
    public int? MaxItems { get; init; }

    /// <summary>The OpenAPI string format, such as <c>uri</c>.</summary>
    public string? Format { get; init; }

    /// <summary>A URL field that accepts only <c>https</c>.</summary>
    public bool HttpsOnly { get; init; }

    public FileRule? File { get; init; }

    public bool IsFile => Type is WireType.File or WireType.FileArray;
}
