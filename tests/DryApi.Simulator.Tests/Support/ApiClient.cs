using DryApi.Client.Contract;

namespace DryApi.Simulator.Tests.Support;

/// <summary>A raw HTTP client for the simulator's API: hand-built requests, no typed dryAPI client in between.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, string? apiKey, bool acceptJson = true, TimeSpan? timeout = null)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseAddress, DryApiOperations.BasePath),
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        if (acceptJson)
        {
            _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        }

        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> PostAsync(string path, HttpContent content) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content });

    /// <summary>Sends the body the way the operation's contract says (JSON, multipart or query).</summary>
    public Task<ApiResponse> CallAsync(OperationContract contract, WireBody body, string? path = null)
    {
        path ??= contract.Path;
        return contract.Encoding switch
        {
            BodyEncoding.Json or BodyEncoding.Multipart => PostAsync(path, body.ToContent(contract.Encoding)),
            BodyEncoding.Query => GetAsync(body.Count == 0 ? path : $"{path}?{body.ToQuery()}"),
            _ => GetAsync(path),
        };
    }

    /// <summary>Submits a job and returns its request id, failing the test if it is not accepted.</summary>
    public async Task<string> SubmitAsync(OperationContract contract, WireBody body)
    {
        var response = await CallAsync(contract, body);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, response.Text);
        return response.Data["request_id"]!.GetValue<string>();
    }

    public async Task<ApiResponse> StatusAsync(string requestId) => await GetAsync($"request-status/{requestId}");

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            using var response = await _http.SendAsync(request, cancellationToken);
            return await ApiResponse.ReadAsync(response, cancellationToken);
        }
    }

    /// <summary>Downloads an absolute URL (a result file) as bytes.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string? ContentType, byte[] Content)> DownloadAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url), TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose() => _http.Dispose();
}
