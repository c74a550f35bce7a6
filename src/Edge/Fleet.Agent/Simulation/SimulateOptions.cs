using System.Globalization;

namespace Fleet.Agent.Simulation;

/// <summary>Command line of `fleet-agent simulate`.</summary>
public sealed record SimulateOptions(
    Uri Central,
    Uri AdminUrl,
    string AdminKey,
    int Count,
    int BatchSeconds,
    string StateDir,
    string? DataDir,
    TimeSpan? Duration)
{
    public static (SimulateOptions? Options, string? Error) Parse(string[] args, string? defaultDataDir)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return (null, $"unexpected argument \"{args[i]}\" (options are --name value)");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string key) => values.GetValueOrDefault(key);
        var known = new[] { "central", "admin-url", "admin-key", "count", "batch-seconds", "state-dir", "data-dir", "duration" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return (null, $"unknown option --{unknown}");
        }

        if (!Uri.TryCreate(Get("central"), UriKind.Absolute, out var central))
        {
            return (null, "--central: required, an http(s) address of central's gRPC endpoint");
        }

        if (!Uri.TryCreate(Get("admin-url"), UriKind.Absolute, out var admin))
        {
            return (null, "--admin-url: required, the address of central's admin REST API");
        }

        if (string.IsNullOrWhiteSpace(Get("admin-key")))
        {
            return (null, "--admin-key: required");
        }

        if (!int.TryParse(Get("count") ?? "20", NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 500)
        {
            return (null, "--count: must be 1..500");
        }

        if (!int.TryParse(Get("batch-seconds") ?? "10", NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch is < 1 or > 3600)
        {
            return (null, "--batch-seconds: must be 1..3600");
        }

        TimeSpan? duration = null;
        if (Get("duration") is { } d)
        {
            if (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                return (null, "--duration: seconds, at least 1");
            }

            duration = TimeSpan.FromSeconds(seconds);
        }

        var dataDir = Get("data-dir") ?? defaultDataDir;
        var stateDir = Get("state-dir") ?? Path.Combine(Path.GetTempPath(), "fleet-simulate");
        return (new SimulateOptions(central, admin, Get("admin-key")!, count, batch, stateDir, dataDir, duration), null);
    }
}
