using System.Net;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>Quotes, charges and balances: a paid call costs what its price endpoint quoted, and never more than the balance.</summary>
public sealed class MoneyTests
{
    [Theory]
    [InlineData("requestTxt2Image", "requestPriceForTxt2Image")]
    [InlineData("requestTxt2Video", "requestTxt2VideoPrice")]
    [InlineData("requestTxt2Music", "requestPriceForTxt2Music")]
    [InlineData("requestTxt2Embedding", "requestPriceForTxt2Embedding")]
    [InlineData("requestVid2Txt", "requestPriceForVid2Text")]
    [InlineData("clientEnhanceText2ImagePrompt", "clientCalculateText2ImagePromptBoosterPrice")]
    public async Task PaidCallCostsWhatItsPriceEndpointQuotes(string paidOperation, string priceOperation)
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k", balance: 50m));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");
        var requests = await ValidRequests.LoadAsync(client);
        var paid = Contract(paidOperation);
        var price = Contract(priceOperation);
        var body = requests.For(paid);
        var quoteBody = new WireBody(body.Where(p => price.Field(p.Key) is not null).ToDictionary(p => p.Key, p => p.Value));

        var quote = await client.CallAsync(price, quoteBody);
        var charged = await client.CallAsync(paid, body);

        Assert.True(charged.Status == HttpStatusCode.OK, charged.Text);
        var quoted = (quote.Json!["data"]?["price"] ?? quote.Json!["price"])!.GetValue<decimal>();
        Assert.True(quoted > 0, quote.Text);
        Assert.Equal(50m - quoted, simulator.Accounts.BalanceOf("1|k"));
    }

    [Fact]
    public async Task InsufficientBalanceIsRefusedAndQueuesNothing()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|poor", balance: 0.000001m));
        using var client = new ApiClient(simulator.BaseAddress, "1|poor");
        var requests = await ValidRequests.LoadAsync(client);
        var contract = DryApiOperations.TextToImage.Contract;

        var response = await client.CallAsync(contract, requests.For(contract));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("""{"message":"Not enough balance.","errors":{"balance":["Not enough balance."]}}""", response.Text);
        Assert.Equal(0.000001m, simulator.Accounts.BalanceOf("1|poor"));
    }

    [Fact]
    public async Task BalanceIsATopLevelNumber()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k", balance: 19.72m));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");

        var response = await client.GetAsync("balance");

        Assert.Equal("""{"balance":19.72}""", response.Text);
        simulator.Accounts.SetBalance("1|k", 0.5m);
        Assert.Equal("""{"balance":0.5}""", (await client.GetAsync("balance")).Text);
    }

    [Fact]
    public async Task PriceEndpointsAreFree()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k", balance: 1m));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");
        var requests = await ValidRequests.LoadAsync(client);

        foreach (var contract in DryApiOperations.All.Select(o => o.Contract).Where(c => c.IsPrice))
        {
            var response = await client.CallAsync(contract, requests.For(contract));
            Assert.True(response.Status == HttpStatusCode.OK, $"{contract.OperationId}: {response.Text}");
        }

        Assert.Equal(1m, simulator.Accounts.BalanceOf("1|k"));
    }

    private static OperationContract Contract(string operationId) =>
        DryApiOperations.All.Single(o => o.Contract.OperationId == operationId).Contract;
}
