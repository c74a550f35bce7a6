using System.Globalization;
using Fleet.Contracts.Agents;

namespace Fleet.Agent.Tests.Coverage;

/// <summary>One second of a replayed drive.</summary>
internal readonly record struct TrackPoint(DateTimeOffset Time, double Lat, double Lon);

/// <summary>Coverage cells the way central's aggregation builds them (EPSG:3857 grid, percentiles, outage
/// share), from synthetic per-second link samples along a track.</summary>
internal static class SyntheticGrid
{
    private const double R = 6_378_137;

    /// <summary>Lap 1 of the Telenor 3G bus log (Ljansbakken → Oslo); the file holds the trip four times.</summary>
    public static List<TrackPoint> NorwayBusLap()
    {
        var path = SharedData.Path("cellular_traces", "norway_hsdpa_3g_raw", "bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log");
        var points = new List<TrackPoint>();
        foreach (var line in File.ReadLines(path))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 6)
                continue;
            var time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(cols[0], CultureInfo.InvariantCulture));
            if (points.Count > 0 && time < points[^1].Time)
                break; // lap 2 starts
            if (points.Count > 0 && time == points[^1].Time)
                continue; // logger lag: one point per second
            points.Add(new TrackPoint(time, double.Parse(cols[2], CultureInfo.InvariantCulture), double.Parse(cols[3], CultureInfo.InvariantCulture)));
        }
        return points;
    }

    public static List<CoverageCell> Build(IReadOnlyList<TrackPoint> track, double cellSize, Func<int, (string Carrier, uint RateKbps, bool Down)[]> samplesAt)
    {
        var groups = new Dictionary<(string, long, long), List<(uint Rate, bool Down)>>();
        for (var i = 0; i < track.Count; i++)
        {
            var x = R * double.DegreesToRadians(track[i].Lon);
            var y = R * Math.Log(Math.Tan((Math.PI / 4) + (double.DegreesToRadians(track[i].Lat) / 2)));
            var (cx, cy) = ((long)Math.Floor(x / cellSize), (long)Math.Floor(y / cellSize));
            foreach (var (carrier, rate, down) in samplesAt(i))
            {
                if (!groups.TryGetValue((carrier, cx, cy), out var list))
                    groups[(carrier, cx, cy)] = list = [];
                list.Add((rate, down));
            }
        }
        return groups.Select(g =>
        {
            var (carrier, cx, cy) = g.Key;
            var lon = double.RadiansToDegrees((cx + 0.5) * cellSize / R);
            var lat = double.RadiansToDegrees((2 * Math.Atan(Math.Exp((cy + 0.5) * cellSize / R))) - (Math.PI / 2));
            var rates = g.Value.Select(v => v.Rate).Order().ToList();
            return new CoverageCell
            {
                CellId = $"{cellSize}:{cx}:{cy}",
                Carrier = carrier,
                CenterLat = lat,
                CenterLon = lon,
                Samples = (uint)g.Value.Count,
                ThroughputP10Kbps = rates[(int)Math.Floor(0.1 * (rates.Count - 1))],
                ThroughputP50Kbps = rates[(int)Math.Floor(0.5 * (rates.Count - 1))],
                OutageFraction = g.Value.Count(v => v.Down || v.Rate == 0) / (double)g.Value.Count,
            };
        }).ToList();
    }
}
