using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using DryApi.Client.Http;

namespace DryApi.Mcp.Tools;

/// <summary>What every job tool accepts besides its own parameters.</summary>
internal abstract class JobArguments : PaidArguments
{
    public const string WebhookName = "webhook_url";

    [Description("Optional HTTPS URL that dryAPI calls when the job starts, completes or fails (overrides the account's webhook).")]
    [MaxLength(2048)]
    [HttpsUrl]
    public string? WebhookUrl { get; init; }

    public const string NewJobName = "new_job";

    [Description("Optional. A call identical to one you made in the last few minutes (same tool, parameters and files) returns " +
                 "that job instead of paying for another; pass true to start a new job anyway.")]
    public bool NewJob { get; init; }

    public const string PreviewName = "preview";

    [Description("Optional. An image result comes with a small preview image, and a short audio result with the audio itself, " +
                 "beside the full-size link; pass false to get only the link.")]
    public bool Preview { get; init; } = true;

    /// <summary>Sets the caller's <c>webhook_url</c>, if any, on a job request.</summary>
    public void ApplyWebhookTo(object jobRequest)
    {
        if (WebhookUrl is not null)
        {
            SetWebhook(jobRequest, WebhookUrl);
        }
    }

    /// <summary>Sets <c>webhook_url</c> on a job request; every job request of dryAPI has it (the contract tests hold that).</summary>
    public static void SetWebhook(object jobRequest, string url)
    {
        JsonPropertyInfo property = DryApiJson.Options.GetTypeInfo(jobRequest.GetType()).Properties.Single(candidate => candidate.Name == WebhookName);
        property.Set!(jobRequest, url);
    }
}

/// <summary>An absolute https URL.</summary>
internal sealed class HttpsUrlAttribute : ValidationAttribute
{
    public HttpsUrlAttribute()
        : base("must be an absolute https:// URL (dryAPI rejects http).")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps);

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}
