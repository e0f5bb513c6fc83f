using DryApi.Mcp.Bench;

// bench/run.sh builds what these need and passes the paths; see docs/benchmarks.md.
if (args.Length == 0 || args[0] is not ("overhead" or "waiting" or "polling" or "coldstart" or "long-jobs" or "basic-tier" or "webhooks" or "scale" or "all"))
{
    Console.Error.WriteLine("usage: DryApi.Mcp.Bench overhead|waiting|polling|coldstart|long-jobs|basic-tier|webhooks|scale|all --server <dir> --server-r2r <dir> --simulator <dir> --peer <index.js> --work <dir> [--seconds <measured per row>] [--waits <scale's concurrent calls>] [--gc server (scale: the servers on the server garbage collector)]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var index = 1; index + 1 < args.Length; index += 2)
{
    options[args[index].TrimStart('-')] = args[index + 1];
}

var measured = TimeSpan.FromSeconds(options.TryGetValue("seconds", out var seconds) ? double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : 5);
var warmUp = measured / 2;
var waits = options.TryGetValue("waits", out var count) ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : ScaleBenchmark.DefaultWaits;
var collector = options.TryGetValue("gc", out var gc) ? gc : null;
if (collector is not (null or "server"))
{
    Console.Error.WriteLine("--gc takes one value, server: the scale section's servers on the server garbage collector instead of the shipped one.");
    return 2;
}

var what = args[0];
if (what is "polling" or "all")
{
    await PollingBenchmark.RunAsync();
}

if (what is "overhead" or "waiting" or "coldstart" or "long-jobs" or "basic-tier" or "webhooks" or "scale" or "all")
{
    var paths = BenchPaths.From(options);
    Directory.CreateDirectory(paths.Work);
    if (what is "overhead" or "all")
    {
        await OverheadBenchmark.RunAsync(paths, warmUp, measured);
    }

    if (what is "waiting" or "all")
    {
        await WaitingBenchmark.RunAsync(paths);
    }

    if (what is "coldstart" or "all")
    {
        await ColdStartBenchmark.RunAsync(paths);
    }

    if (what is "long-jobs" or "all")
    {
        await LongJobsBenchmark.RunAsync(paths);
    }

    if (what is "basic-tier" or "all")
    {
        await BasicTierBenchmark.RunAsync(paths);
    }

    if (what is "webhooks" or "all")
    {
        await WebhooksBenchmark.RunAsync(paths);
    }

    if (what is "scale" or "all")
    {
        await ScaleBenchmark.RunAsync(paths, waits, serverCollector: collector is "server");
    }
}

return 0;
