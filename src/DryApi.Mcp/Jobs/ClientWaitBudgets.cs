using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>Which of <c>Mcp:ClientWaitBudgets</c> applies to a call, from the client's name or its User-Agent.</summary>
internal static class ClientWaitBudgets
{
    /// <summary>
    /// How long a request may still wait for a job: the budget of the client that sent it (by its clientInfo
    /// <paramref name="clientName"/>, else its User-Agent; <c>Mcp:WaitBudget</c> for a client in neither) less the
    /// time since it arrived (<paramref name="startedAt"/> where the transport did not record an arrival).
    /// </summary>
    public static TimeSpan Remaining(IServiceProvider services, string? clientName, bool wantsProgress, long startedAt)
    {
        var options = services.GetRequiredService<IOptions<McpHostOptions>>().Value;
        var caller = services.GetRequiredService<CallingClient>();
        var budget = Find(options.ClientWaitBudgets, clientName, caller.UserAgent) is { Value: var known }
            ? wantsProgress ? known.WithProgress : known.WithoutProgress
            : options.WaitBudget;
        return budget - services.GetRequiredService<TimeProvider>().GetElapsedTime(caller.ArrivedAt ?? startedAt);
    }

    /// <summary>
    /// The entry named by <paramref name="clientName"/> (clientInfo: the entry's name, or it followed by a space, as in
    /// "claude-ai (via mcp-remote 0.1.38)" and "Visual Studio Code - Insiders"), else by a product of
    /// <paramref name="userAgent"/> ("claude-code/2.1.319"); null for a client in neither.
    /// </summary>
    public static KeyValuePair<string, ClientWaitBudget>? Find(
        IReadOnlyDictionary<string, ClientWaitBudget> known, string? clientName, string? userAgent)
    {
        if (!string.IsNullOrWhiteSpace(clientName))
        {
            foreach (var entry in known)
            {
                if (NameIs(clientName, entry.Key))
                {
                    return entry;
                }
            }
        }

        foreach (var product in Products(userAgent))
        {
            foreach (var entry in known)
            {
                if (product.Equals(entry.Key, StringComparison.OrdinalIgnoreCase)
                    || entry.Value.UserAgents.Contains(product, StringComparer.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a clientInfo name is <paramref name="known"/>, alone or followed by a space and more ("claude-ai (via mcp-remote 0.1.38)").</summary>
    public static bool NameIs(string clientName, string known) =>
        clientName.Equals(known, StringComparison.OrdinalIgnoreCase) || clientName.StartsWith(known + " ", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The names before a '/' or alone in a User-Agent: "claude-code/2.1.319 (external, cli)" gives "claude-code",
    /// and ChatGPT's "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0" gives
    /// "ChatGPT-User" among others. A known name must equal one of them.
    /// </summary>
    public static IEnumerable<string> Products(string? userAgent) =>
        (userAgent ?? "").Split([' ', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token.Split('/')[0]);
}
