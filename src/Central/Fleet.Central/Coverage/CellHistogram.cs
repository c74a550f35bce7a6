using Fleet.Central.Telemetry;

namespace Fleet.Central.Coverage;

/// <summary>Everything the grid keeps about one carrier in one cell: sample and outage counts and fixed-bin
/// histograms of throughput, RTT and RSRP. Two histograms of the same cell merge by adding counts, so a
/// run folds in new samples without the old ones, and the state never grows with the cell's history.
/// <para>Accuracy of the percentiles read from it: RSRP is binned per dB (integer readings), so its
/// median is exact for readings in −156…−31 dBm (3GPP's reporting range; others are not binned).
/// Throughput and RTT bins are 1 unit wide up to 20 and then about 5 % wide, so their percentiles are
/// within 2.5 % (<see cref="BinLayout.MaxRelativeError"/>), plus 1 for rounding to an integer, of the
/// exact percentile_cont over every sample; above 2 Gbit/s and 60 s they read as 2 Gbit/s and 60 s.</para></summary>
public sealed class CellHistogram
{
    public static readonly BinLayout ThroughputKbps = BinLayout.Logarithmic(2_000_000, 1.05);
    public static readonly BinLayout RttMs = BinLayout.Logarithmic(60_000, 1.05);
    public static readonly BinLayout RsrpDbm = BinLayout.Linear(-156, -31);

    public long Samples { get; private set; }
    public long Outages { get; private set; }
    public long[] Throughput { get; } = new long[ThroughputKbps.Count];
    public long[] Rtt { get; } = new long[RttMs.Count];
    public long[] Rsrp { get; } = new long[RsrpDbm.Count];

    /// <summary>One link sample. Missing readings (null) leave their histogram alone but the sample still
    /// counts; the link was out when it was Down or delivered nothing.</summary>
    public void Add(short? state, int? rateKbps, int? rttMs, short? rsrpDbm)
    {
        Samples++;
        if (state == SampleSeries.LinkStateDown || rateKbps == 0)
            Outages++;
        Count(Throughput, ThroughputKbps, rateKbps);
        Count(Rtt, RttMs, rttMs);
        Count(Rsrp, RsrpDbm, rsrpDbm);
    }

    /// <summary>Adds another histogram of the same cell (what a run read back from the table).</summary>
    public void Merge(long samples, long outages, SparseBins throughput, SparseBins rtt, SparseBins rsrp)
    {
        throughput.AddTo(Throughput);
        rtt.AddTo(Rtt);
        rsrp.AddTo(Rsrp);
        Samples += samples;
        Outages += outages;
    }

    public int? ThroughputP10Kbps => ThroughputKbps.Percentile(Throughput, 0.1);
    public int? ThroughputP50Kbps => ThroughputKbps.Percentile(Throughput, 0.5);
    public int? RttP50Ms => RttMs.Percentile(Rtt, 0.5);
    public int? RttP90Ms => RttMs.Percentile(Rtt, 0.9);
    public int? RsrpP50Dbm => RsrpDbm.Percentile(Rsrp, 0.5);
    public double OutageFraction => Samples == 0 ? 0 : Outages / (double)Samples;

    private static void Count(long[] counts, BinLayout layout, int? value)
    {
        if (value is { } v && layout.IndexOf(v) is var bin and >= 0)
            counts[bin]++;
    }
}
