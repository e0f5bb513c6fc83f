namespace DryApi.Mcp.Hosting;

/// <summary>
/// Where the HTTP server listens when nothing says: loopback port 5100, for a server run on a developer's machine.
/// <c>Urls</c> (command line, environment), <c>ASPNETCORE_URLS</c> and <c>ASPNETCORE_HTTP_PORTS</c> /
/// <c>ASPNETCORE_HTTPS_PORTS</c> (which the official container images set) each replace it. It is not a <c>Urls</c> key in
/// appsettings.json because that would beat <c>ASPNETCORE_URLS</c> and <c>ASPNETCORE_HTTP_PORTS</c> in a container.
/// </summary>
internal static class DefaultListenAddress
{
    public const string Url = "http://127.0.0.1:5100";

    private static readonly string[] ListenSettings = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey];

    public static void ApplyUnlessConfigured(WebApplicationBuilder builder)
    {
        if (ListenSettings.All(setting => string.IsNullOrEmpty(builder.Configuration[setting])))
        {
            builder.WebHost.UseUrls(Url);
        }
    }
}
