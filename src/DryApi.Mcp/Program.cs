using DryApi.Mcp.Hosting;

if (CommandLine.Has(args, CommandLine.Stdio))
{
    return await StdioServer.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = CommandLine.ForConfiguration(args),
    ContentRootPath = AppContext.BaseDirectory,
});
DefaultListenAddress.ApplyUnlessConfigured(builder);
await using var demo = CommandLine.Has(args, DemoUpstream.Switch) ? await DemoUpstream.StartAsync(builder) : null;
builder.AddDryApiMcp();

var app = builder.Build();
app.MapDryApiMcp();
demo?.Announce(app.Logger, overHttp: true);
await app.RunAsync();
return 0;
