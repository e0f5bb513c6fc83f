using DryApi.Mcp.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
await using var demo = await DemoUpstream.StartIfRequestedAsync(args, builder);
builder.AddDryApiMcp();

var app = builder.Build();
app.MapDryApiMcp();
demo?.Announce(app);
await app.RunAsync();
