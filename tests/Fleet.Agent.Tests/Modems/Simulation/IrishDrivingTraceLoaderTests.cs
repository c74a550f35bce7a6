using System.IO.Compression;
using Fleet.Agent.Modems.Simulation;

namespace Fleet.Agent.Tests.Modems.Simulation;

public sealed class IrishDrivingTraceLoaderTests
{
    public static TheoryData<string> DrivingFiles()
    {
        var data = new TheoryData<string>();
        var root = ModemTestData.Path("cellular_traces", "irish_5g_raca2020");
        foreach (var file in Directory.EnumerateFiles(root, "*.csv.gz", SearchOption.AllDirectories)
                     .Where(f => f.Contains($"{Path.DirectorySeparatorChar}Driving{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal).Take(6))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DrivingFiles))]
    public void Load_DrivingTrace_PointsMatchCsvRowsAndAreOrdered(string relative)
    {
        var path = Path.Combine(ModemTestData.Path("cellular_traces", "irish_5g_raca2020"), relative);
        var points = IrishDrivingTraceLoader.Load(path);

        // Independent reading of the first data row with plain string splitting.
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            rows.Add(line.Split(','));
        }

        Assert.NotEmpty(points);
        Assert.True(points.Count <= rows.Count);
        Assert.Equal(TimeSpan.Zero, points[0].Offset);
        Assert.True(points.Zip(points.Skip(1)).All(p => p.Second.Offset >= p.First.Offset), "offsets must not go backwards");
        var first = rows.First(r => r[Array.IndexOf(header, "Latitude")] != "-");
        Assert.Equal(double.Parse(first[Array.IndexOf(header, "Latitude")], System.Globalization.CultureInfo.InvariantCulture), points[0].Latitude);
        Assert.Equal(double.Parse(first[Array.IndexOf(header, "Longitude")], System.Globalization.CultureInfo.InvariantCulture), points[0].Longitude);
        var rsrp = first[Array.IndexOf(header, "RSRP")];
        Assert.Equal(rsrp == "-" ? null : int.Parse(rsrp, System.Globalization.CultureInfo.InvariantCulture), points[0].Rsrp);
        Assert.All(points, p => Assert.InRange(p.Latitude, 51.0, 55.5));
    }

    [Fact]
    public void PointAt_ElapsedPastEnd_LoopsToStart()
    {
        var route = new List<RoutePoint>
        {
            new(TimeSpan.Zero, 1, 1, 0, -80, -8, 10, -60, "A", "27201", 1, 1, "LTE"),
            new(TimeSpan.FromSeconds(10), 2, 2, 0, -90, -9, 5, -70, "A", "27201", 2, 1, "LTE"),
        };
        var scenario = new ModemScenario { Route = route };
        Assert.Equal(1, scenario.PointAt(TimeSpan.FromSeconds(5)).Latitude);
        Assert.Equal(2, scenario.PointAt(TimeSpan.FromSeconds(10)).Latitude);
        Assert.Equal(1, scenario.PointAt(TimeSpan.FromSeconds(12)).Latitude);
    }
}

public sealed class ModemScenarioFactoryTests
{
    [Fact]
    public void FromIrishDrivingTraces_ThreeModems_DistinctRoutesBothVendors()
    {
        var scenarios = ModemScenarioFactory.FromIrishDrivingTraces(ModemTestData.Path(), 3);
        Assert.Equal(3, scenarios.Count);
        Assert.Equal(3, scenarios.Select(s => s.Route[0]).Distinct().Count());
        Assert.Contains(scenarios, s => s.Vendor == ModemVendor.Simcom);
        Assert.Contains(scenarios, s => s.Vendor == ModemVendor.Quectel);
        Assert.Equal(3, scenarios.Select(s => s.Iccid).Distinct().Count());
    }
}
