using Fleet.Central.Coverage;

namespace Fleet.Central.Dashboard.Coverage;

/// <summary>What the coverage map colours cells by. The legend and the map's colours come from the same bins,
/// so what the operator reads in the legend is what the map draws.</summary>
/// <param name="Key">Stable name (URL, JS, tests).</param>
/// <param name="Bounds">Ascending bin edges; a value below Bounds[1] falls in bin 0, at or above the last edge in the last bin.</param>
/// <param name="Colours">One colour per bin (Bounds.Length bins), worst to best or best to worst as the metric reads.</param>
public sealed record CoverageMetric(string Key, string Title, string Unit, double[] Bounds, string[] Colours, Func<CoverageCellView, double?> Value)
{
    private static readonly string[] WorstToBest = ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"];
    private static readonly string[] BestToWorst = [.. WorstToBest.Reverse()];

    public static readonly CoverageMetric Throughput = new(
        "throughput", "Median throughput", "Mbit/s", [0, 1, 5, 10, 25, 50], WorstToBest,
        c => c.ThroughputP50Kbps / 1000.0);

    public static readonly CoverageMetric Rtt = new(
        "rtt", "Median round-trip time", "ms", [0, 40, 60, 90, 150, 300], BestToWorst,
        c => c.RttP50Ms);

    public static readonly CoverageMetric Signal = new(
        "signal", "Median signal (RSRP)", "dBm", [-140, -115, -105, -95, -85, -75], WorstToBest,
        c => c.RsrpP50Dbm);

    public static readonly CoverageMetric Outage = new(
        "outage", "Outage", "%", [0, 1, 5, 10, 25, 50], BestToWorst,
        c => c.OutageFraction * 100);

    public static IReadOnlyList<CoverageMetric> All { get; } = [Throughput, Rtt, Signal, Outage];

    public static CoverageMetric Find(string? key) => All.FirstOrDefault(m => m.Key == key) ?? Throughput;

    /// <summary>The bin <paramref name="value"/> falls in (-1: no value, drawn grey).</summary>
    public int BinOf(double? value)
    {
        if (value is not { } v || double.IsNaN(v))
            return -1;
        var bin = 0;
        for (var i = 1; i < Bounds.Length; i++)
        {
            if (v >= Bounds[i])
                bin = i;
        }
        return bin;
    }

    public string ColourOf(double? value) => BinOf(value) is var bin and >= 0 ? Colours[bin] : NoDataColour;

    public const string NoDataColour = "#adb5bd";

    /// <summary>"10–25" style labels, one per bin.</summary>
    public IEnumerable<(string Colour, string Label)> LegendRows() =>
        Bounds.Select((low, i) => (Colours[i], i + 1 < Bounds.Length ? $"{low:0.#} – {Bounds[i + 1]:0.#}" : $"≥ {low:0.#}"));
}
