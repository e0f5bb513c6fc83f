using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Simulator.Tests.Webhooks;

/// <summary>A webhook receiver on https://127.0.0.1 with a certificate of its own; it answers each POST with the status <see cref="Answer"/> gives.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app, X509Certificate2 certificate, Uri url)
    {
        this.app = app;
        Certificate = certificate;
        Url = url;
    }

    public X509Certificate2 Certificate { get; }

    public string Thumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The status to answer a webhook with, given how many arrived before it; 200 by default.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks/{name}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var before = receiver!.Received.Count;
            receiver.Received.Enqueue(new ReceivedWebhook(context.Request.Path, headers, body));
            return Microsoft.AspNetCore.Http.Results.StatusCode(receiver.Answer(before));
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver = new WebhookReceiver(app, certificate, new Uri(app.Urls.Single().TrimEnd('/') + "/hooks/"));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }
}

internal sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body);
