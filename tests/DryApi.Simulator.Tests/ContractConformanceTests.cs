using System.Net;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>
/// Every operation of the contract, driven from its facts: a correct request succeeds, and a request missing a
/// required field, or with a value of the wrong type or outside its enum, is refused naming that field.
/// </summary>
public sealed class ContractConformanceTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] RunningStatuses = ["pending", "processing", "done"];

    public static TheoryData<string> Operations() => new(DryApiOperations.All.Select(o => o.Contract.OperationId));

    public static TheoryData<string, string> RequiredFields() => new(
        from operation in DryApiOperations.All
        from field in operation.Contract.Fields
        where field.Required && !ValidRequests.IsPathParameter(operation.Contract, field)
        select (operation.Contract.OperationId, field.Name));

    public static TheoryData<string, string> TypedFields() => new(
        from operation in DryApiOperations.All
        from field in operation.Contract.Fields
        where !ValidRequests.IsPathParameter(operation.Contract, field) && ValidRequests.WrongTypeOf(operation.Contract, field) is not null
        select (operation.Contract.OperationId, field.Name));

    public static TheoryData<string, string> EnumFields() => new(
        from operation in DryApiOperations.All
        from field in operation.Contract.Fields
        where field.Enum is not null
        select (operation.Contract.OperationId, field.Name));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task CorrectRequestSucceeds(string operationId)
    {
        var contract = Contract(operationId);
        var path = contract.Response == ResponseShape.JobStatus ? $"request-status/{await SubmitImageJobAsync()}" : contract.Path;

        var response = await fixture.Client.CallAsync(contract, fixture.Requests.For(contract), path);

        Assert.True(response.Status == HttpStatusCode.OK, $"{operationId}: {(int)response.Status} {response.Text}");
        AssertShape(contract.Response, response);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task MissingRequiredFieldIsRefusedNamingIt(string operationId, string fieldName)
    {
        var contract = Contract(operationId);

        var response = await fixture.Client.CallAsync(contract, fixture.Requests.For(contract).Without(fieldName));

        AssertRefusedNaming(response, fieldName);
        Assert.Contains($"The {fieldName.Replace('_', ' ').TrimEnd('[', ']')} field is required.", response.ErrorMessages);
    }

    [Theory]
    [MemberData(nameof(TypedFields))]
    public async Task WrongTypeIsRefusedNamingTheField(string operationId, string fieldName)
    {
        var contract = Contract(operationId);
        var field = contract.Field(fieldName)!;

        var response = await fixture.Client.CallAsync(contract, fixture.Requests.For(contract).With(fieldName, ValidRequests.WrongTypeOf(contract, field)!));

        AssertRefusedNaming(response, fieldName);
    }

    [Theory]
    [MemberData(nameof(EnumFields))]
    public async Task ValueOutsideEnumIsRefusedNamingTheField(string operationId, string fieldName)
    {
        var contract = Contract(operationId);
        var outside = contract.Field(fieldName)!.Type == WireType.Integer ? WireParameter.Of(5L) : WireParameter.Of("zzz");

        var response = await fixture.Client.CallAsync(contract, fixture.Requests.For(contract).With(fieldName, outside));

        AssertRefusedNaming(response, fieldName);
        Assert.Contains($"The selected {fieldName.Replace('_', ' ')} is invalid.", response.ErrorMessages);
    }

    private static OperationContract Contract(string operationId) =>
        DryApiOperations.All.Single(o => o.Contract.OperationId == operationId).Contract;

    private static void AssertRefusedNaming(ApiResponse response, string fieldName)
    {
        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, $"{(int)response.Status} {response.Text}");
        var key = fieldName.EndsWith("[]", StringComparison.Ordinal) ? fieldName[..^2] : fieldName;
        Assert.Contains(response.ErrorFields, f => f == key || f.StartsWith(key + ".", StringComparison.Ordinal));
    }

    private async Task<string> SubmitImageJobAsync()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        var submitted = await fixture.Client.CallAsync(contract, fixture.Requests.For(contract));
        return submitted.Data["request_id"]!.GetValue<string>();
    }

    private static void AssertShape(ResponseShape shape, ApiResponse response)
    {
        var body = response.Json!;
        switch (shape)
        {
            case ResponseShape.JobSubmission:
                Assert.True(Guid.TryParse(body["data"]!["request_id"]!.GetValue<string>(), out _), response.Text);
                break;
            case ResponseShape.JobPrice:
                Assert.True(body["data"]!["price"]!.GetValue<decimal>() > 0, response.Text);
                break;
            case ResponseShape.BoosterPrice:
                Assert.True(body["price"]!.GetValue<decimal>() > 0, response.Text);
                break;
            case ResponseShape.EnhancedPrompt:
                Assert.False(string.IsNullOrWhiteSpace(body["prompt"]!.GetValue<string>()), response.Text);
                break;
            case ResponseShape.SamplePrompt:
                Assert.True(body["success"]!.GetValue<bool>(), response.Text);
                Assert.False(string.IsNullOrWhiteSpace(body["data"]!["prompt"]!.GetValue<string>()), response.Text);
                break;
            case ResponseShape.Balance:
                Assert.True(body["balance"]!.GetValue<decimal>() > 0, response.Text);
                break;
            case ResponseShape.ModelPage:
                Assert.NotEmpty(body["data"]!.AsArray());
                break;
            case ResponseShape.JobStatus:
                Assert.Contains(body["data"]!["status"]!.GetValue<string>(), RunningStatuses);
                break;
        }
    }
}
