namespace Fleet.Bench.Dashboard;

/// <summary>Command line: --connection CS --central DLL [--vehicles 8000] [--interval 5] [--observe 30].</summary>
internal sealed record BenchOptions(string Connection, string CentralDll, int Vehicles, int IntervalSeconds, int ObserveSeconds, string Chromium)
{
    /// <summary>Where to save a screenshot of the map at the end (env BD_SCREENSHOT); none when unset.</summary>
    public string? Screenshot { get; } = Environment.GetEnvironmentVariable("BD_SCREENSHOT") is { Length: > 0 } path ? path : null;

    public const string Usage =
        "usage: Fleet.Bench.Dashboard --connection CONNSTRING --central PATH/Fleet.Central.dll [--vehicles 8000] [--interval 5] [--observe 30]";

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return null;
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0 || !values.TryGetValue("connection", out var connection) || !values.TryGetValue("central", out var central))
            return null;
        int Number(string key, int fallback, int min) =>
            values.TryGetValue(key, out var v) ? int.TryParse(v, out var n) && n >= min ? n : -1 : fallback;
        var options = new BenchOptions(connection, central, Number("vehicles", 8000, 1), Number("interval", 5, 1), Number("observe", 30, 5),
            Environment.GetEnvironmentVariable("FLEET_CHROMIUM") ?? "/usr/bin/chromium");
        return options.Vehicles < 0 || options.IntervalSeconds < 0 || options.ObserveSeconds < 0 || !File.Exists(central) ? null : options;
    }
}
