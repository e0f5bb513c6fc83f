using System.Net;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Http;

namespace DryApi.Client.Tests.Http;

public sealed class ErrorResponseReaderTests
{
    [Fact]
    public void A_laravel_style_422_names_each_field_and_its_message()
    {
        var error = Read(422, """{"message":"The width field must be an integer.","errors":{"width":["The width field must be an integer."]}}""");

        var validation = Assert.IsType<DryApiValidationException>(error);
        Assert.Equal(["The width field must be an integer."], validation.FieldErrors["width"]);
        Assert.Contains("width: The width field must be an integer.", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_style_422_names_each_field_and_its_message()
    {
        var error = Read(422, """{"data":null,"message":"Validation failed","errors":[{"field":"prompt","messages":["Too short."]}],"statusCode":422}""");

        Assert.Equal(["Too short."], Assert.IsType<DryApiValidationException>(error).FieldErrors["prompt"]);
    }

    [Fact]
    public void A_balance_422_is_an_insufficient_balance_error()
    {
        var error = Read(422, """{"message":"Not enough balance.","errors":{"balance":["Not enough balance."]}}""");

        Assert.IsType<DryApiInsufficientBalanceException>(error);
        Assert.Contains("Top up", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, typeof(DryApiAuthenticationException))]
    [InlineData(403, typeof(DryApiForbiddenException))]
    [InlineData(404, typeof(DryApiNotFoundException))]
    [InlineData(500, typeof(DryApiServerException))]
    [InlineData(503, typeof(DryApiServerException))]
    [InlineData(302, typeof(DryApiProtocolException))]
    public void Each_status_class_has_its_own_exception(int status, Type expected)
    {
        var error = Read(status, """{"data":null,"message":"Something.","errors":[],"statusCode":0}""");

        Assert.IsType(expected, error);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Contains("txt2img", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daily_429_says_which_limit_and_how_long_to_wait()
    {
        var response = Response(429, """{"message":"Too Many Attempts."}""");
        response.Headers.Add("X-RateLimit-Type", "daily");
        response.Headers.Add("X-RateLimit-Daily-Limit", "100");
        response.Headers.Add("Retry-After", "3600");

        var error = Assert.IsType<DryApiRateLimitException>(ErrorResponseReader.Read(DryApiOperations.TextToImage.Contract, response, """{"message":"Too Many Attempts."}"""));

        Assert.Equal(RateLimitWindow.Daily, error.Window);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Contains("100 requests per day", error.Message, StringComparison.Ordinal);
        Assert.Contains("3600 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fractional_retry_after_is_read()
    {
        var response = Response(429, "{}");
        response.Headers.TryAddWithoutValidation("Retry-After", "1.5");

        Assert.Equal(TimeSpan.FromSeconds(1.5), ErrorResponseReader.RetryAfter(response));
    }

    [Fact]
    public void A_body_that_is_not_json_still_gives_a_typed_error()
    {
        Assert.IsType<DryApiServerException>(Read(502, "<html>Bad gateway</html>"));
    }

    private static DryApiException Read(int status, string body) =>
        ErrorResponseReader.Read(DryApiOperations.TextToImage.Contract, Response(status, body), body);

    private static HttpResponseMessage Response(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body) };
}
