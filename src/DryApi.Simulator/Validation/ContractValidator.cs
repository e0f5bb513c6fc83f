using DryApi.Client.Contract;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Validation;

/// <summary>Validates a request against every fact of its operation's contract: each field, then the rules between fields.</summary>
internal static class ContractValidator
{
    public static ValidationErrors Validate(OperationContract contract, RequestInput input)
    {
        var errors = new ValidationErrors();
        foreach (var field in contract.Fields.Where(f => !IsPathParameter(contract, f)))
        {
            FieldValidator.Validate(field, input.Get(field.Name), errors);
        }

        CheckAlternatives(contract, input, errors);
        CheckExclusions(contract, input, errors);
        CheckConditions(contract, input, errors);
        return errors;
    }

    public static bool IsPathParameter(OperationContract contract, WireField field) =>
        contract.Path.Contains($"{{{field.Name}}}", StringComparison.Ordinal);

    /// <summary>
    /// A <c>oneOf</c> body: when no set of fields is complete, the sets closest to complete name their missing
    /// fields (Laravel's <c>required_without</c> when each set is one field).
    /// </summary>
    private static void CheckAlternatives(OperationContract contract, RequestInput input, ValidationErrors errors)
    {
        var alternatives = contract.RequiredAlternatives;
        if (alternatives.Count == 0 || alternatives.Any(set => set.All(input.Has)))
        {
            return;
        }

        var closest = alternatives.Max(set => set.Count(input.Has));
        var singleFields = alternatives.All(set => set.Count == 1);
        foreach (var set in alternatives.Where(set => set.Count(input.Has) == closest))
        {
            foreach (var name in set.Where(name => !input.Has(name)))
            {
                var key = ValidationErrors.KeyOf(name);
                if (errors.Contains(key))
                {
                    continue;
                }

                var others = alternatives.Where(other => other != set).SelectMany(other => other).Distinct()
                    .Select(other => ValidationErrors.AttributeOf(ValidationErrors.KeyOf(other)));
                errors.Add(key, singleFields
                    ? $"The {ValidationErrors.AttributeOf(key)} field is required when {string.Join(" / ", others)} is not present."
                    : $"The {ValidationErrors.AttributeOf(key)} field is required.");
            }
        }
    }

    /// <summary>Laravel's <c>prohibits</c>: at most one field of each set may be given.</summary>
    private static void CheckExclusions(OperationContract contract, RequestInput input, ValidationErrors errors)
    {
        foreach (var set in contract.MutuallyExclusive)
        {
            var given = set.Where(input.Has).Select(ValidationErrors.KeyOf).ToList();
            if (given.Count > 1)
            {
                var others = string.Join(" / ", given.Skip(1).Select(ValidationErrors.AttributeOf));
                errors.Add(given[0], $"The {ValidationErrors.AttributeOf(given[0])} field prohibits {others} from being present.");
            }
        }
    }

    /// <summary>Laravel's <c>required_if</c>: a field some value of another field makes required.</summary>
    private static void CheckConditions(OperationContract contract, RequestInput input, ValidationErrors errors)
    {
        foreach (var condition in contract.ConditionalRequirements)
        {
            var whenValue = input.String(condition.WhenField);
            var applies = whenValue == condition.WhenValue || (whenValue is null && condition.AppliesWhenAbsent);
            var key = ValidationErrors.KeyOf(condition.Field);
            if (applies && !input.Has(condition.Field) && !errors.Contains(key))
            {
                errors.Add(key, $"The {ValidationErrors.AttributeOf(key)} field is required when {ValidationErrors.AttributeOf(condition.WhenField)} is {condition.WhenValue}.");
            }
        }
    }
}
