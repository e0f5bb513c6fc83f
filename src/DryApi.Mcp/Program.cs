using DryApi.Mcp.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = DemoUpstream.WithoutSwitch(args),
    ContentRootPath = AppContext.BaseDirectory,
});
await using var demo = DemoUpstream.IsRequested(args) ? await DemoUpstream.StartAsync(builder) : null;
builder.AddDryApiMcp();

var app = builder.Build();
app.MapDryApiMcp();
demo?.Announce(app);
await app.RunAsync();
