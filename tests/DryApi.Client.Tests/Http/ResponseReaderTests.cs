using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using DryApi.Client.Responses;

namespace DryApi.Client.Tests.Http;

public sealed class ResponseReaderTests
{
    [Theory]
    [InlineData("""{"data":{"request_id":"c08a339c"}}""")]
    [InlineData("""{"request_id":"c08a339c"}""")]
    public void Reads_a_job_submission_with_or_without_the_data_wrapper(string body)
    {
        var submission = Read<JobSubmission>(DryApiOperations.TextToImage, body);

        Assert.Equal("c08a339c", submission.RequestId);
    }

    [Fact]
    public void A_submission_without_request_id_is_not_accepted()
    {
        Assert.ThrowsAny<JsonException>(() => Read<JobSubmission>(DryApiOperations.TextToImage, """{"data":{}}"""));
    }

    [Theory]
    [InlineData("""{"data":{"price":0.0123}}""")]
    [InlineData("""{"price":"0.0123"}""")]
    public void Reads_a_price_as_a_number_or_a_string(string body)
    {
        Assert.Equal(0.0123m, Read<PriceQuote>(DryApiOperations.TextToImagePrice, body).Price);
    }

    [Theory]
    [InlineData("""{"balance":19.72}""", null)]
    [InlineData("""{"data":{"balance":"19.72","currency":"USD"}}""", "USD")]
    public void Reads_a_balance_in_either_documented_shape(string body, string? currency)
    {
        var balance = Read<AccountBalance>(DryApiOperations.Balance, body);

        Assert.Equal(19.72m, balance.Balance);
        Assert.Equal(currency, balance.Currency);
    }

    [Fact]
    public void Reads_a_job_status_with_string_progress_and_an_object_result()
    {
        var status = Read<JobStatus>(
            DryApiOperations.RequestStatus,
            """{"data":{"status":"done","progress":"100.00","result_url":"https://r/x.json","result":{"text":"hi"}}}""");

        Assert.True(status.IsDone);
        Assert.Equal(100.0, status.Progress);
        Assert.Equal("""{"text":"hi"}""", status.Result);
    }

    [Theory]
    [InlineData("error", true)]
    [InlineData("failed", true)]
    [InlineData("processing", false)]
    [InlineData("in_progress", false)]
    [InlineData("something-new", false)]
    public void Only_error_statuses_count_as_failed_and_unknown_ones_as_running(string value, bool failed)
    {
        var status = Read<JobStatus>(DryApiOperations.RequestStatus, $$$"""{"data":{"status":"{{{value}}}"}}""");

        Assert.Equal(failed, status.IsFailed);
        Assert.Equal(failed, status.IsFinished);
    }

    [Fact]
    public void Reads_a_paginated_model_page_with_every_quirk_of_model_info()
    {
        const string body = """
            {"data":[
              {"name":"Whisper","slug":"WhisperLargeV3","inference_types":["video2text"],"info":[]},
              {"name":"Flux","slug":"Flux1schnell","inference_types":["txt2img"],
               "info":{"limits":{"max_width":"2048","resolution_step":16},"features":{"supports_guidance":"0","supports_lora":true},
                       "defaults":{"steps":"4","guidance":0}},
               "loras":[{"display_name":"Watercolor","name":"watercolor_v1"}]}],
             "links":{}, "meta":{"current_page":2,"last_page":"3","per_page":2,"total":6}}
            """;

        var page = Read<ModelPage>(DryApiOperations.Models, body);

        Assert.Equal((2, 3), (page.CurrentPage, page.LastPage));
        Assert.Empty(page.Models[0].Info.Limits);
        var flux = page.Models[1];
        Assert.Equal(2048, flux.Info.Limit("max_width"));
        Assert.Equal(16, flux.Info.Limit("resolution_step"));
        Assert.False(flux.Info.Supports("supports_guidance"));
        Assert.True(flux.Info.Supports("supports_lora"));
        Assert.False(flux.Info.Supports("supports_last_frame"));
        Assert.Equal(4, flux.Info.DefaultNumber("steps"));
        Assert.Equal("watercolor_v1", Assert.Single(flux.Loras!).Name);
    }

    [Fact]
    public void Reads_the_model_list_nested_in_data_data()
    {
        var page = Read<ModelPage>(DryApiOperations.Models, """{"data":{"data":[{"name":"A","slug":"a","inference_types":[]}]}}""");

        Assert.Equal("a", Assert.Single(page.Models).Slug);
        Assert.Equal((1, 1), (page.CurrentPage, page.LastPage));
    }

    private static T Read<T>(IDryApiOperation operation, string body) =>
        (T)ResponseReader.Read(operation.Contract, typeof(T), body);
}
