using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DryApi.Mcp.Tools;

/// <summary>What every paid tool accepts besides its own parameters: a spending limit for this one call.</summary>
internal abstract class PaidArguments
{
    public const string MaxCostName = "max_cost_usd";

    [Description("Optional spending limit for this call, in US dollars. The server asks dryAPI for the price first and submits " +
                 "nothing when it is higher, answering with the price instead.")]
    [Range(0, 1_000_000)]
    public decimal? MaxCostUsd { get; init; }
}
