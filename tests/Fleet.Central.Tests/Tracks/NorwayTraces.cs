using System.Globalization;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Tracks;

/// <summary>The recorded Norway 3G drives (bus, tram, car; GPS at about 1 Hz) from ../shared/data, moved
/// to recent days so that every time-based rule (future skew, retention, partitions) treats them as fresh.
/// Relative timing comes from the logger's millisecond counter (column 2); a log that starts over
/// (the counter runs backwards) ends the drive there.</summary>
public static class NorwayTraces
{
    public const string Bus0929 = "bus.ljansbakken-oslo-report.2010-09-29_0852CEST.log";
    public const string Tram1216 = "tram.ljabru-jernbanetorget-report.2010-12-16_1125CET.log";
    public const string Car0214 = "car.snaroya-smestad-report.2011-02-14_2051CET.log";

    public static IReadOnlyList<DriveSample> Load(string file, DateTimeOffset start)
    {
        var path = Path.Combine(RepoPaths.SharedData, "cellular_traces", "norway_hsdpa_3g_raw", file);
        var samples = new List<DriveSample>();
        long? firstCounter = null;
        long previous = long.MinValue;
        foreach (var line in File.ReadLines(path))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 6)
                continue;
            var counter = long.Parse(cols[1], CultureInfo.InvariantCulture);
            if (counter <= previous)
                break;
            previous = counter;
            firstCounter ??= counter;
            var bytes = double.Parse(cols[4], CultureInfo.InvariantCulture);
            var ms = Math.Max(1, double.Parse(cols[5], CultureInfo.InvariantCulture));
            samples.Add(new DriveSample(
                start.ToUnixTimeMilliseconds() + (counter - firstCounter.Value),
                double.Parse(cols[2], CultureInfo.InvariantCulture),
                double.Parse(cols[3], CultureInfo.InvariantCulture),
                (uint)(bytes * 8 / ms)));
        }
        return samples;
    }

    /// <summary>A start time on a whole hour two days ago (inside any retention window, never in the future).</summary>
    public static DateTimeOffset RecentStart(int hoursLater = 0)
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-2).AddHours(hoursLater);
    }

    /// <summary>Path length by haversine, computed independently of the service.</summary>
    public static double LengthMeters(IReadOnlyList<DriveSample> drive)
    {
        double total = 0;
        for (var i = 1; i < drive.Count; i++)
            total += Fleet.Central.Tracks.GeoDistance.Meters(drive[i - 1].Latitude, drive[i - 1].Longitude, drive[i].Latitude, drive[i].Longitude);
        return total;
    }
}
