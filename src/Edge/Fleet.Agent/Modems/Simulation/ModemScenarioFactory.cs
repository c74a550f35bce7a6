namespace Fleet.Agent.Modems.Simulation;

/// <summary>Builds simulated-modem scenarios from the recorded Irish driving traces (demo and tests).</summary>
public static class ModemScenarioFactory
{
    /// <summary>
    /// One scenario per modem, each replaying a different drive from
    /// <c>{dataRoot}/cellular_traces/irish_5g_raca2020/*/Driving/**/*.csv.gz</c>, alternating Quectel and SIMCom
    /// dialects and echo on/off so a demo exercises both. Throws <see cref="DirectoryNotFoundException"/> when the data is absent.
    /// </summary>
    public static IReadOnlyList<ModemScenario> FromIrishDrivingTraces(string dataRoot, int modems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modems, 1);
        var root = Path.Combine(dataRoot, "cellular_traces", "irish_5g_raca2020");
        var files = Directory.EnumerateDirectories(root)
            .SelectMany(d => Directory.Exists(Path.Combine(d, "Driving")) ? Directory.EnumerateFiles(Path.Combine(d, "Driving"), "*.csv.gz", SearchOption.AllDirectories) : [])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new DirectoryNotFoundException("no driving traces under " + root);
        }

        var scenarios = new List<ModemScenario>();
        for (var i = 0; i < modems; i++)
        {
            // Spread the picks over the list so neighbouring modems replay different drives.
            var route = IrishDrivingTraceLoader.Load(files[i * files.Count / modems]);
            scenarios.Add(new ModemScenario
            {
                Vendor = i % 2 == 0 ? ModemVendor.Quectel : ModemVendor.Simcom,
                Echo = i % 3 != 2,
                Route = route,
                Iccid = $"8935301000000000{i + 10:D4}",
                Imei = $"86703400000{i + 10:D4}",
            });
        }

        return scenarios;
    }
}
