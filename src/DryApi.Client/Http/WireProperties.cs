using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DryApi.Client.Http;

/// <summary>The wire names and values of a request object, read from its JSON contract so every encoding agrees.</summary>
internal static class WireProperties
{
    public static IEnumerable<(string Name, object? Value, bool MustBePresent)> Read(Type declaredType, object request)
    {
        foreach (var property in DryApiJson.Options.GetTypeInfo(declaredType).Properties)
        {
            if (property.Get is null)
            {
                continue;
            }

            yield return (property.Name, property.Get(request), IsAlwaysSent(property));
        }
    }

    /// <summary>Numbers and booleans as dryAPI reads them in forms and queries: invariant culture, booleans as 1/0.</summary>
    public static string FormatScalar(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "1" : "0",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"A {value.GetType().Name} cannot be sent as a form or query value."),
    };

    private static bool IsAlwaysSent(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>()
            .Any(attribute => attribute.Condition == JsonIgnoreCondition.Never) == true;
}
