using DryApi.Client.Contract;

namespace DryApi.Simulator.RateLimits;

/// <summary>A limit shared by the operations of one group: requests per minute and, where there is one, per day.</summary>
internal sealed record RateLimit(string Group, int PerMinute, int? PerDay);

/// <summary>
/// dryAPI's rate limits (Limits &amp; Quotas page). Basic accounts have per-endpoint limits, with the four
/// Whisper endpoints sharing one and all price calculations sharing one; endpoints the page does not list get
/// the Premium limit. Premium accounts get 300 requests a minute per endpoint and no daily limit.
/// <c>/balance</c> and <c>/models</c> are never limited, and neither is the simulator's Unlimited tier.
/// </summary>
internal static class RateLimitPolicy
{
    private const int PremiumPerMinute = 300;
    private const string WhisperGroup = "whisper";
    private const string PriceGroup = "price-calculation";

    private static readonly Dictionary<string, (int PerMinute, int PerDay)> BasicByPath = new(StringComparer.Ordinal)
    {
        ["txt2img"] = (3, 100),
        ["txt2video"] = (1, 15),
        ["img2video"] = (1, 15),
        ["aud2video"] = (1, 15),
        ["txt2music"] = (1, 15),
        ["img2img"] = (1, 15),
        ["txt2audio"] = (5, 300),
        ["txt2embedding"] = (10, 500),
        ["img2txt"] = (5, 50),
        ["img-rmbg"] = (5, 100),
        ["img-upscale"] = (5, 100),
        [WhisperGroup] = (1, 10),
        [PriceGroup] = (50, 200),
        ["request-status"] = (50, 200),
    };

    private static readonly HashSet<string> WhisperPaths = new(StringComparer.Ordinal)
    {
        "vid2txt", "videofile2txt", "aud2txt", "audiofile2txt",
    };

    public static RateLimit? For(OperationContract contract, RateTier tier)
    {
        if (tier == RateTier.Unlimited || contract.Response is ResponseShape.Balance or ResponseShape.ModelPage)
        {
            return null;
        }

        var endpoint = Endpoint(contract);
        if (tier == RateTier.Premium)
        {
            return new RateLimit(endpoint, PremiumPerMinute, null);
        }

        var group = contract.IsPrice ? PriceGroup : WhisperPaths.Contains(endpoint) ? WhisperGroup : endpoint;
        return BasicByPath.TryGetValue(group, out var limit)
            ? new RateLimit(group, limit.PerMinute, limit.PerDay)
            : new RateLimit(group, PremiumPerMinute, null);
    }

    /// <summary>The endpoint a path belongs to, without its parameters: <c>request-status/{request_id}</c> → <c>request-status</c>.</summary>
    private static string Endpoint(OperationContract contract)
    {
        var brace = contract.Path.IndexOf("/{", StringComparison.Ordinal);
        return brace < 0 ? contract.Path : contract.Path[..brace];
    }
}
