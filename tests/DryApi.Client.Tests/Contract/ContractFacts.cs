using System.Globalization;
using DryApi.Client.Contract;

namespace DryApi.Client.Tests.Contract;

/// <summary>A fact of an operation or of one of its fields that the contract and the document can disagree on.</summary>
public enum ContractAspect
{
    Encoding,
    RequiredAlternatives,
    Type,
    Required,
    Nullable,
    MustBePresent,
    Enum,
    MinLength,
    MaxLength,
    Minimum,
    Maximum,
    MaxItems,
    Format,
    HttpsOnly,
}

/// <summary>
/// Writes each <see cref="ContractAspect"/> of our contract and of the document as text, so that both sides are
/// compared the same way and a disagreement reads plainly. Lists are written in a canonical order.
/// </summary>
internal static class ContractFacts
{
    private const string None = "(none)";

    /// <summary>The aspects of a field. The document cannot state <see cref="ContractAspect.MustBePresent"/> or
    /// <see cref="ContractAspect.HttpsOnly"/>, so where ours sets them it is a deviation to be listed.</summary>
    public static IReadOnlyList<ContractAspect> FieldAspects { get; } =
    [
        ContractAspect.Type,
        ContractAspect.Required,
        ContractAspect.Nullable,
        ContractAspect.MustBePresent,
        ContractAspect.Enum,
        ContractAspect.MinLength,
        ContractAspect.MaxLength,
        ContractAspect.Minimum,
        ContractAspect.Maximum,
        ContractAspect.MaxItems,
        ContractAspect.Format,
        ContractAspect.HttpsOnly,
    ];

    public static string Describe(WireField field, ContractAspect aspect) => aspect switch
    {
        ContractAspect.Type => field.Type.ToString(),
        ContractAspect.Required => Flag(field.Required),
        ContractAspect.Nullable => Flag(field.Nullable),
        ContractAspect.MustBePresent => Flag(field.MustBePresent),
        ContractAspect.Enum => field.Enum is null ? None : string.Join("|", field.Enum.Order(StringComparer.Ordinal)),
        ContractAspect.MinLength => Number(field.MinLength),
        ContractAspect.MaxLength => Number(field.MaxLength),
        ContractAspect.Minimum => Number(field.Minimum),
        ContractAspect.Maximum => Number(field.Maximum),
        ContractAspect.MaxItems => Number(field.MaxItems),
        ContractAspect.Format => field.Format ?? None,
        ContractAspect.HttpsOnly => Flag(field.HttpsOnly),
        _ => throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "Not an aspect of a field."),
    };

    public static string Describe(BodyEncoding encoding) => encoding.ToString();

    public static string Describe(IReadOnlyList<IReadOnlyList<string>> alternatives) =>
        alternatives.Count == 0
            ? None
            : string.Join(" | ", alternatives.Select(a => string.Join(" + ", a.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? None;
}
