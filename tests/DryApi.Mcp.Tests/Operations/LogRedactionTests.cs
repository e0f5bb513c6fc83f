using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>Whatever is logged through the host's <see cref="ILogger"/>, keys, tokens and Authorization values come out masked.</summary>
public sealed partial class LogRedactionTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const string SealedToken =
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiazEifQ..c2VjcmV0LWl2LXZhbHVl.Y2lwaGVydGV4dC1vZi10aGUtdG9rZW4.dGFnLW9mLXRoZS10b2tlbg";

    [Fact]
    public void Secrets_in_messages_structured_values_scopes_and_exceptions_are_masked()
    {
        var key = $"{Random.Shared.Next(1, 100_000)}|redact-{Guid.NewGuid():N}";
        var secret = key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..];
        var marker = Guid.NewGuid().ToString("N");
        var logger = harness.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DryApi.Mcp.Tests.Redaction");

        using (CallerScope(logger, key, marker))
        {
            LogCall(logger, marker, key, SealedToken, "Bearer " + secret);
            LogFailure(logger, marker, SealedToken, new InvalidOperationException("upstream said: bad key " + key));
            var headers = $"{marker} request headers: Authorization: Basic {secret}; access_token={secret}";
            logger.Log(LogLevel.Information, default, headers, null, (text, _) => text);
        }

        var lines = harness.Logs.Lines.Where(line => line.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 4, string.Join(Environment.NewLine, lines));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain("c2VjcmV0LWl2LXZhbHVl", line, StringComparison.Ordinal);
        });
        Assert.Contains(lines, line => line.Contains("***", StringComparison.Ordinal) && line.Contains("upstream said: bad key", StringComparison.Ordinal));
        var leaks = harness.LinesRevealingSecrets();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void Numbers_stay_values_and_ordinary_text_is_untouched()
    {
        var marker = Guid.NewGuid().ToString("N");
        var logger = harness.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DryApi.Mcp.Tests.Redaction");

        LogPolls(logger, marker, 7, "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource\"");

        var line = Assert.Single(harness.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal) && line.StartsWith("Information", StringComparison.Ordinal));
        Assert.Contains("Polls=7", line, StringComparison.Ordinal);
        Assert.Contains("Bearer resource_metadata=\"https://mcp.example.com/", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_modes_public_key_stays_readable_and_other_keys_do_not()
    {
        var text = $"Connect with 'Authorization: Bearer {Hosting.DemoUpstream.DemoKey}', not Bearer 7|other-secret-key or 7|other-secret-key";

        Assert.Equal(
            $"Connect with 'Authorization: Bearer {Hosting.DemoUpstream.DemoKey}', not Bearer *** or ***",
            Logging.SecretRedactor.Redact(text));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Marker} with key {Key}, token {Token}, header {Header}")]
    private static partial void LogCall(ILogger logger, string marker, string key, string token, string header);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Marker} failed; Authorization: Bearer {Token}")]
    private static partial void LogFailure(ILogger logger, string marker, string token, Exception exception);

    private static readonly Func<ILogger, string, string, IDisposable?> CallerScope = LoggerMessage.DefineScope<string, string>("caller {Key} {Marker}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Marker} took {Polls} polls; challenge {Challenge}")]
    private static partial void LogPolls(ILogger logger, string marker, int polls, string challenge);
}
