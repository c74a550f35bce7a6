namespace Fleet.Central.Tests.Coverage;

/// <summary>An independent C# model of the coverage grid: spherical Web Mercator, floor(x / size) cells,
/// percentile_cont (linear interpolation) and outage share, exact over every sample. The grid reads its
/// percentiles from fixed-bin histograms: throughput and RTT within 2.5 % (+1 for rounding to an integer),
/// RSRP exact (1 dB bins over integer readings).</summary>
public static class ExpectedGrid
{
    private const double R = 6_378_137;

    /// <summary>The accuracy Coverage/CellHistogram documents for throughput and RTT percentiles.</summary>
    public const double BinRelativeError = 0.025;

    public static void AssertWithinBinBound(int expected, int? actual)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual.Value - expected) <= (Math.Abs(expected) * BinRelativeError) + 1,
            $"percentile {actual} is not within {BinRelativeError:P1} + 1 of the exact {expected}");
    }

    public sealed record Observation(string Carrier, double Lat, double Lon, int Rate, int Rtt, int Rsrp, bool Outage);

    public sealed record Cell(string Carrier, long X, long Y, int Samples, int P10, int P50, int Rtt50, int Rtt90, int Rsrp50, double Outage);

    public static (long X, long Y) CellOf(double lat, double lon, double size)
    {
        // The agent sends 1e-7 degrees: project what central stored, not the raw double.
        lat = Math.Round(lat * 1e7) / 1e7;
        lon = Math.Round(lon * 1e7) / 1e7;
        var x = R * double.DegreesToRadians(lon);
        var y = R * Math.Log(Math.Tan((Math.PI / 4) + (double.DegreesToRadians(lat) / 2)));
        return ((long)Math.Floor(x / size), (long)Math.Floor(y / size));
    }

    public static Dictionary<(string Carrier, long X, long Y), Cell> Build(IEnumerable<Observation> observations, double size) =>
        observations
            .GroupBy(o => (o.Carrier, Cell: CellOf(o.Lat, o.Lon, size)))
            .Select(g => new Cell(g.Key.Carrier, g.Key.Cell.X, g.Key.Cell.Y, g.Count(),
                Percentile(g.Select(o => o.Rate), 0.1), Percentile(g.Select(o => o.Rate), 0.5),
                Percentile(g.Select(o => o.Rtt), 0.5), Percentile(g.Select(o => o.Rtt), 0.9),
                Percentile(g.Select(o => o.Rsrp), 0.5),
                g.Count(o => o.Outage) / (double)g.Count()))
            .ToDictionary(c => (c.Carrier, c.X, c.Y));

    /// <summary>PostgreSQL percentile_cont, then round() (ties to even on double precision).</summary>
    public static int Percentile(IEnumerable<int> values, double fraction)
    {
        var sorted = values.Select(v => (double)v).Order().ToArray();
        var position = fraction * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var value = sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
        return (int)Math.Round(value, MidpointRounding.ToEven);
    }
}
