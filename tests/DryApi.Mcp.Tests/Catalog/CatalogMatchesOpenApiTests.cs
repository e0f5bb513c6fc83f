using System.Globalization;
using DryApi.Client.Contract;
using DryApi.Mcp.Tools;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>
/// The tool catalog against dryAPI's OpenAPI document: every operation is called by a tool, every required parameter is
/// an argument under its wire name, and enums are the document's. Each theory runs once per operation, so a failure
/// names it.
/// </summary>
public sealed class CatalogMatchesOpenApiTests
{
    private static readonly IReadOnlyList<DryApiTool> Tools = new ToolCatalog().All;

    // Operations the account tools serve through the client's own methods, and the argument that carries each
    // required parameter.
    private static readonly Dictionary<string, (string Tool, IReadOnlyDictionary<string, string> Arguments)> AccountOperations = new()
    {
        [DryApiOperations.Balance.Contract.OperationId] = ("get_balance", new Dictionary<string, string>()),
        [DryApiOperations.Models.Contract.OperationId] = ("get_available_models", new Dictionary<string, string>()),
        [DryApiOperations.RequestStatus.Contract.OperationId] = ("check_job_status", new Dictionary<string, string> { ["request_id"] = "request_id" }),
    };

    private static readonly string[] AllOperationIds = [.. DryApiOperations.All.Select(operation => operation.Contract.OperationId)];

    public static TheoryData<string> OperationIds => [.. AllOperationIds];

    public static TheoryData<string> CapabilityOperationIds => [.. AllOperationIds.Where(id => !AccountOperations.ContainsKey(id))];

    public static TheoryData<string> PaidCapabilityOperationIds =>
        [.. AllOperationIds.Where(id => !AccountOperations.ContainsKey(id) && !Contract(id).IsPrice)];

    [Fact]
    public void The_document_has_no_operation_the_catalog_leaves_out()
    {
        var documented = DocumentedOperations.LoadOrSkip().Select(operation => operation.OperationId);
        var known = DryApiOperations.All.Select(operation => operation.Contract.OperationId);

        Assert.Empty(documented.Except(known));
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Some_tool_calls_the_operation(string operationId)
    {
        Assert.Contains(DocumentedOperations.LoadOrSkip(), operation => operation.OperationId == operationId);

        if (AccountOperations.TryGetValue(operationId, out var account))
        {
            Assert.Contains(Tools, tool => tool.ProtocolTool.Name == account.Tool);
            return;
        }

        Assert.True(ToolsCalling(operationId).Count == 1, $"Exactly one tool should call {operationId}; found: {Names(ToolsCalling(operationId))}.");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void Every_required_parameter_is_an_argument_under_its_wire_name(string operationId)
    {
        var documented = Documented(operationId);
        var contract = Contract(operationId);
        var required = documented.Required
            .Union(contract.Fields.Where(field => field.Required).Select(field => field.Name))
            .Except(ToolSchema.SetByServer)
            .ToList();

        if (AccountOperations.TryGetValue(operationId, out var account))
        {
            var schema = new ToolSchema(Tools.Single(tool => tool.ProtocolTool.Name == account.Tool));
            Assert.All(required, field => Assert.Contains(account.Arguments[field], schema.RequiredArguments));
            return;
        }

        foreach (var schema in ToolsCalling(operationId).Select(tool => new ToolSchema(tool)))
        {
            Assert.All(required, field => Assert.True(schema.Has(field), $"{schema.ToolName} has no argument '{ToolSchema.ArgumentFor(field)}', which {operationId} requires."));

            // dryAPI requires seed, and documents -1 as "random": the tools default it to -1. The model and the fields its
            // defaults supply are optional arguments (checked above to exist); everything else dryAPI requires, the schema requires.
            Assert.All(required.Where(field => field != "seed" && !ToolSchema.SuppliedFromModel.Contains(field)), field =>
                Assert.True(schema.Requires(field), $"{schema.ToolName} does not mark '{ToolSchema.ArgumentFor(field)}' as required, as {operationId} does."));
            Assert.All(required.Where(ToolSchema.SuppliedFromModel.Contains), field =>
                Assert.False(schema.Requires(field), $"{schema.ToolName} requires '{field}', which the model's defaults supply; make it optional."));

            var alternatives = documented.RequiredAlternatives.Concat(contract.RequiredAlternatives).ToList();
            if (alternatives.Count > 0)
            {
                Assert.True(
                    alternatives.Any(form => form.All(schema.Has)),
                    $"{schema.ToolName} can give none of {operationId}'s body forms: {string.Join(" | ", alternatives.Select(form => string.Join(", ", form)))}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CapabilityOperationIds))]
    public void Argument_enums_are_the_documented_enums(string operationId)
    {
        var documented = Documented(operationId);
        var contract = Contract(operationId);

        foreach (var schema in ToolsCalling(operationId).Select(tool => new ToolSchema(tool)))
        {
            foreach (var field in contract.Fields.Where(field => schema.Has(field.Name)))
            {
                // The document's enum, or where dryAPI's docs state one in prose (timesignature), the contract's.
                var expected = documented.Enums.GetValueOrDefault(field.Name) ?? field.Enum;
                var actual = schema.Enum(field.Name);
                Assert.True(
                    Same(expected, actual),
                    $"{schema.ToolName}.{ToolSchema.ArgumentFor(field.Name)}: the schema's enum is [{Join(actual)}], {operationId} documents [{Join(expected)}].");
            }
        }
    }

    // A price tool takes its paid twin's arguments, so that both resolve the same parameters; only paid tools are held here.
    // Besides the wire fields, a paid tool takes the server's own spending limit, which never reaches dryAPI.
    [Theory]
    [MemberData(nameof(PaidCapabilityOperationIds))]
    public void Paid_tools_take_only_the_operations_wire_fields(string operationId)
    {
        var contract = Contract(operationId);

        foreach (var schema in ToolsCalling(operationId).Select(tool => new ToolSchema(tool)))
        {
            // max_cost_usd, new_job and preview are the server's own: the spending guard, duplicate-call protection and result previews.
            var wireArguments = contract.Fields.Select(field => ToolSchema.ArgumentFor(field.Name))
                .Append(PaidArguments.MaxCostName).Append(JobArguments.NewJobName).Append(JobArguments.PreviewName).ToHashSet();
            Assert.All(schema.Arguments, argument =>
                Assert.True(wireArguments.Contains(argument), $"{schema.ToolName} has an argument '{argument}' that is no wire field of {operationId}."));
        }
    }

    [Theory]
    [MemberData(nameof(CapabilityOperationIds))]
    public void File_arguments_state_the_accepted_formats_and_size(string operationId)
    {
        var contract = Contract(operationId);
        foreach (var schema in ToolsCalling(operationId).Select(tool => new ToolSchema(tool)))
        {
            foreach (var field in contract.Fields.Where(field => field.File is not null && schema.Has(field.Name)))
            {
                var description = schema.Description(field.Name);
                var size = (field.File!.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB";
                Assert.All(field.File.Formats.Append(size), fact =>
                    Assert.True(description.Contains(fact, StringComparison.OrdinalIgnoreCase),
                        $"{schema.ToolName}.{ToolSchema.ArgumentFor(field.Name)} does not say '{fact}': \"{description}\"."));
            }
        }
    }

    private static DocumentedOperation Documented(string operationId) =>
        DocumentedOperations.LoadOrSkip().SingleOrDefault(operation => operation.OperationId == operationId)
        ?? throw new InvalidOperationException($"The OpenAPI document has no operation {operationId}.");

    private static OperationContract Contract(string operationId) =>
        DryApiOperations.All.Single(operation => operation.Contract.OperationId == operationId).Contract;

    private static List<DryApiTool> ToolsCalling(string operationId) =>
        Tools.Where(tool => tool.Operation?.Contract.OperationId == operationId).ToList();

    private static string Names(IEnumerable<DryApiTool> tools) => string.Join(", ", tools.Select(tool => tool.ProtocolTool.Name));

    private static bool Same(IReadOnlyList<string>? expected, IReadOnlyList<string>? actual) =>
        (expected is null && actual is null) || (expected is not null && actual is not null && expected.Order().SequenceEqual(actual.Order()));

    private static string Join(IReadOnlyList<string>? values) => values is null ? "none" : string.Join(", ", values);
}
