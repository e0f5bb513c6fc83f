namespace DryApi.Mcp.Jobs;

/// <summary>Which of <c>Mcp:ClientWaitBudgets</c> applies to a call, from the client's name or its User-Agent.</summary>
internal static class ClientWaitBudgets
{
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
                if (clientName.Equals(entry.Key, StringComparison.OrdinalIgnoreCase)
                    || clientName.StartsWith(entry.Key + " ", StringComparison.OrdinalIgnoreCase))
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

    /// <summary>
    /// The names before a '/' or alone in a User-Agent: "claude-code/2.1.319 (external, cli)" gives "claude-code",
    /// and ChatGPT's "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0" gives
    /// "ChatGPT-User" among others. A known name must equal one of them.
    /// </summary>
    private static IEnumerable<string> Products(string? userAgent) =>
        (userAgent ?? "").Split([' ', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token.Split('/')[0]);
}
