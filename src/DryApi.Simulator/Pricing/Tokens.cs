namespace DryApi.Simulator.Pricing;

/// <summary>A stand-in tokenizer: about four characters to a token, at least one token per text.</summary>
internal static class Tokens
{
    public static int Estimate(string text) => Math.Max(1, (text.Length + 3) / 4);
}
