using System.Globalization;
using Fleet.LinkShaper.Model;
using Fleet.LinkShaper.Traces;

namespace Fleet.LinkShaper;

/// <summary>
/// Prints each trace's capacity per window from its start (as replayed after an epoch): one line per
/// window, `t_start mbit_trace1 mbit_trace2 ... sum best`. Used by the benchmark to compare goodput with the
/// capacity that was actually offered.
/// </summary>
internal static class TraceStatsCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        double window = 5, duration = 30;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--window" && i + 1 < args.Length && double.TryParse(args[++i], CultureInfo.InvariantCulture, out var w) && w > 0) window = w;
            else if (args[i] == "--duration" && i + 1 < args.Length && double.TryParse(args[++i], CultureInfo.InvariantCulture, out var d) && d > 0) duration = d;
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine($"bad option {args[i]}"); return 2; }
            else files.Add(args[i]);
        }
        var models = new List<ICapacityModel>();
        foreach (var f in files)
        {
            var r = TraceLoader.Load(f);
            if (!r.Ok) { Console.Error.WriteLine(r.Error); return 2; }
            models.Add(r.Capacity!);
        }
        if (models.Count == 0) { Console.Error.WriteLine("no trace files given"); return 2; }
        for (var t = 0.0; t + window <= duration + 1e-9; t += window)
        {
            var from = (long)(t * 1e6);
            var to = (long)((t + window) * 1e6);
            var mbit = models.Select(m => m.MeanBitsPerSecond(from, to) / 1e6).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t:F1} {string.Join(' ', mbit.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))} {mbit.Sum():F3} {mbit.Max():F3}"));
        }
        return 0;
    }
}
