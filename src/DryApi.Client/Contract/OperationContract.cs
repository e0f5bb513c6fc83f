namespace DryApi.Client.Contract;

public enum HttpVerb
{
    Get,
    Post,
}

/// <summary>Where an operation's parameters travel.</summary>
public enum BodyEncoding
{
    None,
    Query,
    Json,
    Multipart,
}

/// <summary>What a successful (200) response of an operation holds.</summary>
public enum ResponseShape
{
    /// <summary><c>{"data":{"request_id"}}</c>: a paid, asynchronous job was queued.</summary>
    JobSubmission,

    /// <summary><c>{"data":{"price"}}</c>: a free quote for a job.</summary>
    JobPrice,

    /// <summary><c>{"price"}</c> at top level: a free quote for a prompt booster or sample prompt.</summary>
    BoosterPrice,

    /// <summary><c>{"prompt","negative_prompt"}</c> at top level: a paid, synchronous prompt booster.</summary>
    EnhancedPrompt,

    /// <summary><c>{"success","data":{"type","prompt"}}</c>: a paid, synchronous sample prompt.</summary>
    SamplePrompt,

    Balance,
    ModelPage,
    JobStatus,
}

/// <summary>The job families that share result formats and polling behaviour.</summary>
public enum JobKind
{
    Image,
    Video,
    Audio,
    Text,
}

/// <summary>
/// The facts of one dryAPI operation that a client must honour and a faithful fake must enforce:
/// path, verb, encoding, fields and the alternatives of a <c>oneOf</c> body.
/// </summary>
public sealed record OperationContract(
    string OperationId,
    HttpVerb Verb,
    string Path,
    BodyEncoding Encoding,
    ResponseShape Response,
    IReadOnlyList<WireField> Fields)
{
    /// <summary>For job and price operations: the job family of the work priced or queued.</summary>
    public JobKind? JobKind { get; init; }

    /// <summary>For job and price operations: the <c>/models</c> inference type a model must list to be accepted.</summary>
    public string? InferenceType { get; init; }

    /// <summary>
    /// Sets of fields of which at least one set must be complete (a <c>oneOf</c> body such as
    /// "image and model, or width, height and model"). Empty when the body has one form.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> RequiredAlternatives { get; init; } = [];

    /// <summary>Sets of fields of which at most one may be given.</summary>
    public IReadOnlyList<IReadOnlyList<string>> MutuallyExclusive { get; init; } = [];

    /// <summary>Fields that become required when another field has a given value.</summary>
    public IReadOnlyList<ConditionalRequirement> ConditionalRequirements { get; init; } = [];

    /// <summary>A submission costs money: it must never be sent twice by a retry.</summary>
    public bool IsPaid => Response is ResponseShape.JobSubmission or ResponseShape.EnhancedPrompt or ResponseShape.SamplePrompt;

    public bool IsPrice => Response is ResponseShape.JobPrice or ResponseShape.BoosterPrice;

    public WireField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary><see cref="Field"/> is required when <see cref="WhenField"/> equals <see cref="WhenValue"/> (or is absent, where that value is the default).</summary>
public sealed record ConditionalRequirement(string Field, string WhenField, string WhenValue, bool AppliesWhenAbsent = false);
