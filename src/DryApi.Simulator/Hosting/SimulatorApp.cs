using DryApi.Simulator.Api;
using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DryApi.Simulator;

/// <summary>Builds the simulator as an ASP.NET Core application (Kestrel, configuration section <c>Simulator</c>).</summary>
public static class SimulatorApp
{
    /// <summary>Large enough for every file dryAPI accepts, so oversize files get dryAPI's 422 rather than a 413.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The simulator's settings file, read with the precedence of appsettings.json (environment variables and the
    /// command line still override it). It has its own name so that a host embedding the simulator keeps its own
    /// appsettings.json.
    /// </summary>
    public const string SettingsFile = "simulator.appsettings.json";

    /// <param name="args">Command-line arguments, read as configuration.</param>
    /// <param name="configure">Changes to the builder before the application is built (URLs, services, configuration).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        UseSettingsFile(builder.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        // Uploads are read in memory, never buffered to temporary files, so the simulator (and so the MCP server's
        // --demo mode) runs on a read-only file system.
        builder.Services.Configure<FormOptions>(form => form.MemoryBufferThreshold = (int)MaxRequestBodyBytes);
        builder.Services.Configure<SimulatorOptions>(builder.Configuration.GetSection(SimulatorOptions.SectionName));
        configure?.Invoke(builder);
        builder.Services.TryAddSingleton(new SimulatorClock(TimeProvider.System));
        builder.Services.AddSingleton(services => new SimulatorState(
            services.GetRequiredService<IOptions<SimulatorOptions>>().Value,
            services.GetRequiredService<SimulatorClock>().Time,
            ModelCatalogue.LoadEmbedded(),
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));

        var app = builder.Build();
        var state = app.Services.GetRequiredService<SimulatorState>();
        var journalLogger = app.Services.GetRequiredService<ILogger<JournalStep>>();
        app.UseRouting();
        app.Use(next => new JournalStep(next, state, journalLogger).InvokeAsync);
        app.Use(next => new FaultStep(next, state).InvokeAsync);
        app.Use(next => new GatekeeperStep(next, state).InvokeAsync);
        ApiRoutes.Map(app, state);
        ControlApi.Map(app, state);
        return app;
    }

    private static void UseSettingsFile(ConfigurationManager configuration)
    {
        var afterJsonFiles = configuration.Sources.Select((source, index) => (source, index))
            .Where(entry => entry.source is JsonConfigurationSource)
            .Select(entry => entry.index + 1)
            .DefaultIfEmpty(0)
            .Max();
        configuration.Sources.Insert(afterJsonFiles, new JsonConfigurationSource { Path = SettingsFile, Optional = true, ReloadOnChange = false });
    }
}
