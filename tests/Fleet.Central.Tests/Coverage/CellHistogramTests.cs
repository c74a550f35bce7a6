using Fleet.Central.Coverage;

namespace Fleet.Central.Tests.Coverage;

/// <summary>The histogram arithmetic alone (pure logic): bin accuracy, percentiles against exact
/// percentile_cont, merging, and the nearest-fix lookup.</summary>
public sealed class CellHistogramTests
{
    [Fact]
    public void LogBins_EveryValueUpToTheTop_ReadsWithinTheDocumentedBound()
    {
        foreach (var (layout, top) in new[] { (CellHistogram.ThroughputKbps, 2_000_000), (CellHistogram.RttMs, 60_000) })
        {
            Assert.True(layout.MaxRelativeError() <= ExpectedGrid.BinRelativeError, $"bins up to {top}: {layout.MaxRelativeError():P2}");
            for (var v = 0; v < top; v += 1 + (v / 50))
            {
                var read = layout.Representative(layout.IndexOf(v));
                Assert.True(Math.Abs(read - v) <= v * ExpectedGrid.BinRelativeError, $"{v} reads as {read}");
            }
            Assert.Equal(layout.Count - 1, layout.IndexOf(int.MaxValue)); // open top bin
        }
        Assert.Equal(-1, CellHistogram.ThroughputKbps.IndexOf(-1));
        Assert.True(CellHistogram.ThroughputKbps.Count < 300, "bins must stay few: they are stored per cell");
    }

    [Theory]
    [InlineData(1, 40, 0.1)]
    [InlineData(2, 1, 0.5)]
    [InlineData(3, 7, 0.9)]
    [InlineData(4, 600, 0.5)]
    [InlineData(5, 5000, 0.1)]
    public void Percentile_RandomSamples_WithinBoundOfExactPercentileCont(int seed, int count, double fraction)
    {
        var random = new Random(seed);
        var rates = Enumerable.Range(0, count).Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, 150_000)).ToList();
        var rsrp = Enumerable.Range(0, count).Select(_ => random.Next(-140, -60)).ToList();
        var histogram = new CellHistogram();
        for (var i = 0; i < count; i++)
            histogram.Add(1, rates[i], rates[i] % 900, (short)rsrp[i]);

        ExpectedGrid.AssertWithinBinBound(ExpectedGrid.Percentile(rates, fraction), CellHistogram.ThroughputKbps.Percentile(histogram.Throughput, fraction));
        ExpectedGrid.AssertWithinBinBound(ExpectedGrid.Percentile(rates.Select(r => r % 900), fraction), CellHistogram.RttMs.Percentile(histogram.Rtt, fraction));
        Assert.Equal(ExpectedGrid.Percentile(rsrp, fraction), CellHistogram.RsrpDbm.Percentile(histogram.Rsrp, fraction));
        Assert.Equal(rates.Count(r => r == 0) / (double)count, histogram.OutageFraction, 12);
    }

    [Fact]
    public void Percentile_SmallIntegers_Exact()
    {
        var histogram = new CellHistogram();
        foreach (var v in new[] { 0, 0, 3, 7, 12, 19 })
            histogram.Add(1, v, v, null);

        Assert.Equal(ExpectedGrid.Percentile([0, 0, 3, 7, 12, 19], 0.5), histogram.ThroughputP50Kbps);
        Assert.Equal(ExpectedGrid.Percentile([0, 0, 3, 7, 12, 19], 0.9), histogram.RttP90Ms);
        Assert.Null(histogram.RsrpP50Dbm);
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOneHistogramOverBoth()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 1000).Select(_ => (State: (short)random.Next(1, 5), Rate: random.Next(0, 90_000),
            Rtt: random.Next(3) == 0 ? (int?)null : random.Next(10, 3000), Rsrp: (short)random.Next(-170, -20))).ToList();
        var whole = new CellHistogram();
        var first = new CellHistogram();
        var second = new CellHistogram();
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            whole.Add(s.State, s.Rate, s.Rtt, s.Rsrp);
            (i < 400 ? first : second).Add(s.State, s.Rate, s.Rtt, s.Rsrp);
        }

        first.Merge(second.Samples, second.Outages, SparseBins.Of(second.Throughput), SparseBins.Of(second.Rtt), SparseBins.Of(second.Rsrp));

        Assert.Equal(whole.Samples, first.Samples);
        Assert.Equal(whole.Outages, first.Outages);
        Assert.Equal(whole.Throughput, first.Throughput);
        Assert.Equal(whole.Rtt, first.Rtt);
        Assert.Equal(whole.Rsrp, first.Rsrp);
        Assert.Equal(whole.RttP90Ms, first.RttP90Ms);
    }

    [Fact]
    public void Add_MissingAndOutOfRangeReadings_CountTheSampleButNotTheReading()
    {
        var histogram = new CellHistogram();
        histogram.Add(null, null, null, null);
        histogram.Add(4, 5000, 80, -200); // Down; RSRP outside −156…−31 is not a reading

        Assert.Equal(2, histogram.Samples);
        Assert.Equal(1, histogram.Outages);
        Assert.Equal(1, histogram.Throughput.Sum());
        Assert.Equal(1, histogram.Rtt.Sum());
        Assert.Equal(0, histogram.Rsrp.Sum());
        Assert.Null(histogram.RsrpP50Dbm);
    }

    [Fact]
    public void SparseBins_RoundTrip_OnlyNonEmptyBinsStored()
    {
        var dense = new long[CellHistogram.RttMs.Count];
        (dense[0], dense[17], dense[^1]) = (3, 1, 5_000_000_000);

        var sparse = SparseBins.Of(dense);
        var back = new long[dense.Length];
        sparse.AddTo(back);

        Assert.Equal(new short[] { 0, 17, (short)(dense.Length - 1) }, sparse.Bins);
        Assert.Equal(dense, back);
    }

    [Fact]
    public void Merge_StoredBinTheLayoutLacks_RefusedWithClearError()
    {
        var stored = new SparseBins([0, 999], [1, 1]);
        var error = Assert.Throws<InvalidOperationException>(() => new CellHistogram().Merge(2, 0, stored, new SparseBins([], []), new SparseBins([], [])));
        Assert.Contains("migration", error.Message);
    }

    [Fact]
    public void FixTrack_SamplesAroundFixes_NearestWithinASecondOnly()
    {
        var t0 = new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var track = new FixTrack(400);
        track.Add(t0.AddSeconds(1), 59.91, 10.80); // added out of order
        track.Add(t0, 59.91, 10.75);
        track.Add(t0.AddSeconds(10), 89.9, 10.75); // beyond Web Mercator's square

        Assert.True(track.TryCellAt(t0.AddMilliseconds(300), out var x, out var y));
        Assert.Equal(ExpectedGrid.CellOf(59.91, 10.75, 400), (x, y));
        Assert.True(track.TryCellAt(t0.AddMilliseconds(500), out x, out _)); // equally near: the earlier fix
        Assert.Equal(ExpectedGrid.CellOf(59.91, 10.75, 400).X, x);
        Assert.True(track.TryCellAt(t0.AddMilliseconds(1900), out x, out _));
        Assert.Equal(ExpectedGrid.CellOf(59.91, 10.80, 400).X, x);
        Assert.False(track.TryCellAt(t0.AddSeconds(5), out _, out _));  // 3 s from any fix
        Assert.False(track.TryCellAt(t0.AddSeconds(-1), out _, out _)); // exactly a second away is not "within"
        Assert.False(track.TryCellAt(t0.AddSeconds(10), out _, out _));
        Assert.False(new FixTrack(400).TryCellAt(t0, out _, out _));
    }
}
