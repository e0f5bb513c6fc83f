using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using DryApi.Client.Requests;

namespace DryApi.Client.Tests.Contract;

/// <summary>
/// Holds each operation's request type against its contract, through the JSON metadata that names its wire
/// properties. A job request may derive from its price request; an operation encodes only the properties of its
/// own declared request type, so those are the ones checked.
/// </summary>
public sealed class RequestTypesMatchContractTests
{
    private const int DocumentedOperationCount = 47;

    public static TheoryData<string> OperationIds => [.. DryApiOperations.All.Select(o => o.Contract.OperationId)];

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void RequestTypeSendsOnlyContractFields(string operationId)
    {
        var operation = Operation(operationId);

        var strangers = WireProperties(operation.RequestType)
            .Where(p => operation.Contract.Field(p.Name) is null)
            .Select(p => p.Name)
            .ToList();

        Assert.True(
            strangers.Count == 0,
            $"{operationId}: {operation.RequestType.Name} sends [{string.Join(", ", strangers)}], which the contract does not have.");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void RequiredFieldsAreRequiredNonNullableProperties(string operationId)
    {
        var operation = Operation(operationId);
        var properties = WireProperties(operation.RequestType);
        var nullability = new NullabilityInfoContext();

        var problems = new List<string>();
        foreach (var field in operation.Contract.Fields.Where(f => f.Required))
        {
            var property = properties.FirstOrDefault(p => p.Name == field.Name);
            if (property is null)
            {
                problems.Add($"{field.Name} is required but {operation.RequestType.Name} has no such property");
                continue;
            }

            if (!property.IsRequired)
            {
                problems.Add($"{field.Name} is required but its property is not a required member");
            }

            if (nullability.Create(ClrProperty(property)).WriteState != NullabilityState.NotNull)
            {
                problems.Add($"{field.Name} is required but its property is nullable");
            }
        }

        Assert.True(problems.Count == 0, $"{operationId}: {string.Join("; ", problems)}");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void PropertyTypesFitWireTypes(string operationId)
    {
        var operation = Operation(operationId);

        var misfits = (
            from property in WireProperties(operation.RequestType)
            let field = operation.Contract.Field(property.Name)
            where field is not null && !Fits(property.PropertyType, field)
            select $"{field.Name} is {field.Type}{(field.Required ? ", required," : "")} but its property is {property.PropertyType}")
            .ToList();

        Assert.True(misfits.Count == 0, $"{operationId}: {string.Join("; ", misfits)}");
    }

    [Fact]
    public void AllHoldsEveryDocumentedOperationOnce()
    {
        var all = DryApiOperations.All;

        Assert.Equal(DocumentedOperationCount, all.Count);
        Assert.Equal(all.Count, all.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(all.Count, all.Select(o => o.Contract.OperationId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(all.Count, all.Select(o => (o.Contract.Verb, o.Contract.Path)).Distinct().Count());
    }

    [Fact]
    public void EveryDeclaredOperationIsInAll()
    {
        var declared = typeof(DryApiOperations)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsInitOnly && typeof(IDryApiOperation).IsAssignableFrom(f.FieldType))
            .ToList();

        var missing = declared
            .Where(f => !DryApiOperations.All.Contains(f.GetValue(null), ReferenceEqualityComparer.Instance))
            .Select(f => f.Name)
            .ToList();

        Assert.True(missing.Count == 0, $"Not in DryApiOperations.All: {string.Join(", ", missing)}");
        Assert.Equal(declared.Count, DryApiOperations.All.Count);
    }

    private static IDryApiOperation Operation(string operationId) =>
        DryApiOperations.All.Single(o => o.Contract.OperationId == operationId);

    private static IList<JsonPropertyInfo> WireProperties(Type requestType) =>
        DryApiJson.Options.GetTypeInfo(requestType).Properties;

    private static PropertyInfo ClrProperty(JsonPropertyInfo property) =>
        property.AttributeProvider as PropertyInfo
        ?? throw new InvalidOperationException($"The wire property {property.Name} is not a CLR property.");

    private static bool Fits(Type propertyType, WireField field)
    {
        var valueType = Nullable.GetUnderlyingType(propertyType);
        if (valueType is not null && field.Required)
        {
            return false;
        }

        var type = valueType ?? propertyType;
        return field.Type switch
        {
            WireType.String => type == typeof(string),
            WireType.Integer => type == typeof(int) || type == typeof(long),
            WireType.Number => type == typeof(double) || type == typeof(decimal),
            WireType.Boolean => type == typeof(bool),
            WireType.File => type == typeof(DryApiFile),
            WireType.FileArray => type == typeof(IReadOnlyList<DryApiFile>),
            WireType.LoraArray => type == typeof(IReadOnlyList<LoraWeight>),
            WireType.StringArray => type == typeof(IReadOnlyList<string>),
            WireType.StringOrStringArray => type == typeof(EmbeddingInput),
            _ => false,
        };
    }
}
