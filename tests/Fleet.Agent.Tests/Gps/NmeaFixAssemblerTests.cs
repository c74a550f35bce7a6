using Fleet.Agent.Gps;

namespace Fleet.Agent.Tests.Gps;

public class NmeaFixAssemblerTests
{
    /// <summary>~0.5 m: receivers print RMC and GGA of one epoch with different last digits.</summary>
    private const double DegreeTolerance = 5e-6;

    /// <summary>
    /// gpsd groups sentences into epochs with its own cycle detector; at a few cycle boundaries it reports
    /// values from a neighbouring sentence. Up to this share of epochs per log may differ.
    /// </summary>
    private const double AllowedMismatchShare = 0.05;

    /// <summary>Fields not compared for a log, and why.</summary>
    private static readonly Dictionary<string, (string[] Fields, string Why)> KnownDifferences = new()
    {
        ["garmin38.log"] = (["alt"], "gpsd takes altitude from Garmin's proprietary $PGRMZ, which the parser skips"),
        ["bundg_zeus_9.log"] = (["lat", "lon", "speed", "track"], "the chartplotter's GLL/GGA lag one epoch behind their time field; gpsd keeps them and derives speed/track from them, the parser prefers RMC"),
    };

    /// <summary>Every gpsd log whose expected output has at least one timed 2D/3D fix.</summary>
    public static TheoryData<string> LogsWithPositions()
    {
        var data = new TheoryData<string>();
        foreach (var log in Directory.GetFiles(GpsdExpectations.Folder, "*.log").Order(StringComparer.Ordinal))
        {
            if (File.Exists(log + ".chk.gz") && GpsdExpectations.ReadTpvs(log).Any(t => t.Mode >= 2 && t.Lat is not null))
            {
                data.Add(Path.GetFileName(log));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LogsWithPositions))]
    public void Push_GpsdRegressionLog_MatchesGpsdFixes(string name)
    {
        var log = Path.Combine(GpsdExpectations.Folder, name);
        var fixes = Parse(log, GpsdExpectations.RolloverReference(log));
        var mine = new Dictionary<DateTimeOffset, GpsFix>();
        foreach (var f in fixes)
        {
            mine[f.Time] = f;
        }

        // gpsd re-reports a TPV as each sentence of an epoch arrives; the last one per time is the complete fix.
        // After a receiver reboot gpsd repeats the last time with mode 1; those are not fixes.
        var expected = new Dictionary<DateTimeOffset, GpsdTpv>();
        foreach (var t in GpsdExpectations.ReadTpvs(log))
        {
            if (t.Mode >= 2 && t.Lat is not null && t.Lon is not null)
            {
                expected[t.Time] = t;
            }
        }

        var skip = KnownDifferences.TryGetValue(name, out var known) ? known.Fields : [];
        var failures = new List<string>();
        var badEpochs = 0;
        var compared = 0;
        foreach (var (time, e) in expected)
        {
            compared++;
            var before = failures.Count;
            Compare(failures, skip, time, e, mine);
            if (failures.Count > before)
            {
                badEpochs++;
            }
        }

        Assert.True(compared > 0, "no fixes compared");
        Assert.True(badEpochs <= compared * AllowedMismatchShare, $"{badEpochs} of {compared} epochs differ from gpsd:\n" + string.Join("\n", failures.Take(15)));
    }

    private static void Compare(List<string> failures, string[] skip, DateTimeOffset time, GpsdTpv e, Dictionary<DateTimeOffset, GpsFix> mine)
    {
        {
            if (!mine.TryGetValue(time, out var m))
            {
                failures.Add($"{time:O}: gpsd has a fix, parser has none");
                return;
            }

            Check(failures, time, "mode", (int)m.Mode, e.Mode);
            if (!skip.Contains("lat"))
            {
                Close(failures, time, "lat", m.Latitude, e.Lat, DegreeTolerance);
                Close(failures, time, "lon", m.Longitude, e.Lon, DegreeTolerance);
            }

            if (e.Alt is not null && m.AltitudeMsl is not null && !skip.Contains("alt"))
            {
                Close(failures, time, "alt", m.AltitudeMsl, e.Alt, 0.05);
            }

            // gpsd derives speed and track from successive positions when the receiver does not report
            // them; the parser deliberately records only reported values, so those are compared alone.
            if (e.Speed is not null && m.SpeedMps is not null && !skip.Contains("speed"))
            {
                Close(failures, time, "speed", m.SpeedMps, e.Speed, 0.01);
            }

            if (e.Track is not null && m.TrackDeg is not null && !skip.Contains("track"))
            {
                Close(failures, time, "track", m.TrackDeg, e.Track, 0.01);
            }
        }
    }

    private static List<GpsFix> Parse(string log, DateOnly reference)
    {
        var assembler = new NmeaFixAssembler(reference);
        var fixes = new List<GpsFix>();
        foreach (var line in File.ReadLines(log))
        {
            assembler.Push(line, out var fix);
            if (fix is not null)
            {
                fixes.Add(fix);
            }
        }

        if (assembler.Flush() is { } last)
        {
            fixes.Add(last);
        }

        return fixes;
    }

    private static void Check(List<string> failures, DateTimeOffset t, string what, int actual, int expected)
    {
        if (actual != expected)
        {
            failures.Add($"{t:O} {what}: parser {actual}, gpsd {expected}");
        }
    }

    private static void Close(List<string> failures, DateTimeOffset t, string what, double? actual, double? expected, double tolerance)
    {
        if (actual is null || expected is null || Math.Abs(actual.Value - expected.Value) > tolerance)
        {
            failures.Add($"{t:O} {what}: parser {actual?.ToString() ?? "none"}, gpsd {expected}");
        }
    }
}
