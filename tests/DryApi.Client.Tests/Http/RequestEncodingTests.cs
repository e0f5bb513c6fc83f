using System.Globalization;
using System.Text;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using DryApi.Client.Requests;

namespace DryApi.Client.Tests.Http;

public sealed class RequestEncodingTests
{
    private static readonly DryApiCredential Credential = new("1|encoding-test-key");

    [Fact]
    public async Task Multipart_sends_numbers_in_invariant_culture_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var body = await MultipartText(DryApiOperations.TextToMusic, new TextToMusicRequest
            {
                Caption = "c", Model = "m", Lyrics = "[Instrumental]", Duration = 12.5, InferenceSteps = 8, GuidanceScale = 7.5,
                Seed = -1, Format = "mp3",
            });

            Assert.Contains("12.5", body, StringComparison.Ordinal);
            Assert.Contains("7.5", body, StringComparison.Ordinal);
            Assert.DoesNotContain("12,5", body, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Json_bodies_carry_only_the_declared_request_types_fields()
    {
        using var message = RequestMessageFactory.Create(
            DryApiOperations.TextToImagePrice.Contract, typeof(TextToImagePriceRequest), SampleJob(), Credential);
        var json = await message.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("\"prompt\":\"fox\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("webhook_url", json, StringComparison.Ordinal);
        Assert.Equal("https://api.example/api/v1/client/txt2img/price-calculation", new Uri(new Uri("https://api.example/"), message.RequestUri!).ToString());
    }

    [Fact]
    public void Every_request_carries_accept_json_and_the_callers_bearer_key()
    {
        using var message = RequestMessageFactory.Create(DryApiOperations.Balance.Contract, typeof(NoParameters), NoParameters.Instance, Credential);

        Assert.Equal("application/json", Assert.Single(message.Headers.Accept).MediaType);
        Assert.Equal("Bearer", message.Headers.Authorization!.Scheme);
        Assert.Equal("1|encoding-test-key", message.Headers.Authorization.Parameter);
    }

    [Fact]
    public void Path_parameters_are_escaped_and_query_arrays_are_comma_separated()
    {
        using var status = RequestMessageFactory.Create(
            DryApiOperations.RequestStatus.Contract, typeof(JobStatusRequest), new JobStatusRequest { RequestId = "a/b c" }, Credential);
        using var models = RequestMessageFactory.Create(
            DryApiOperations.Models.Contract, typeof(ModelsPageRequest), new ModelsPageRequest { Page = 2, InferenceTypes = ["txt2img", "img2img"] }, Credential);

        Assert.Equal("api/v1/client/request-status/a%2Fb%20c", status.RequestUri!.OriginalString);
        Assert.Equal("api/v1/client/models?page=2&filter%5Binference_types%5D=txt2img%2Cimg2img", models.RequestUri!.OriginalString);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void A_path_parameter_that_would_address_another_path_is_refused(string requestId)
    {
        var exception = Assert.Throws<ArgumentException>(() => RequestMessageFactory.Create(
            DryApiOperations.RequestStatus.Contract, typeof(JobStatusRequest), new JobStatusRequest { RequestId = requestId }, Credential));

        Assert.Equal("request_id", exception.ParamName);
    }

    private static TextToImageRequest SampleJob() => new()
    {
        Prompt = "fox", Model = "Flux1schnell", Width = 512, Height = 512, Guidance = 0, Steps = 4, Seed = 1, WebhookUrl = "https://hooks.example/x",
    };

    private static async Task<string> MultipartText<TRequest, TResponse>(DryApiOperation<TRequest, TResponse> operation, TRequest request)
        where TRequest : class
        where TResponse : class
    {
        using var message = RequestMessageFactory.Create(operation.Contract, typeof(TRequest), request, Credential);
        return Encoding.UTF8.GetString(await message.Content!.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
