using Fleet.LinkShaper.Traces;

namespace Fleet.Bonding.Tests.Shaper;

public sealed class TraceParserTests
{
    [Fact]
    public void Mahimahi_RepeatedMillisecond_CarriesOneOpportunityPerLine()
    {
        var r = MahimahiParser.Parse("1\n1\n1\n5\n10\n");
        Assert.True(r.Ok, r.Error);
        var c = r.Capacity!;
        Assert.Equal(10_000, c.PeriodUs);
        // ms 10 == period is folded to ms 0 of each loop (mm-link's next loop starts there)
        Assert.Equal(1500, c.Served(1000));
        Assert.Equal(1500 + 4500, c.Served(2000));     // ms 1 carries 3×1500 bytes
        Assert.Equal(7500, c.Served(6000));            // + ms 5
        Assert.Equal(7500, c.Served(10_000));          // 5 lines = 5 opportunities per loop
        Assert.Equal(7500 + 6000, c.Served(12_000));   // second loop: ms 0 and ms 1 again
    }

    [Fact]
    public void Mahimahi_BadLine_ReportsLineNumber()
    {
        var r = MahimahiParser.Parse("1\n2\nabc\n");
        Assert.False(r.Ok);
        Assert.Contains("line 3", r.Error);
    }

    [Fact]
    public void Mahimahi_DecreasingTimestamps_Rejected()
    {
        Assert.False(MahimahiParser.Parse("5\n3\n").Ok);
    }

    [Fact]
    public void CapacityJson_EntriesEndAtTime_GapsAreOutages()
    {
        // entry 1 covers [0.5 s, 1.5 s) at 1000 B/ms, then a 0.5 s gap, entry 2 covers [2.0 s, 3.0 s) at 500 B/ms
        const string json = """{"uplink":{"trace_pattern":[{"time":1.5,"duration":1000,"capacity":1000},{"time":3.0,"duration":1000,"capacity":500}]}}""";
        var r = CapacityJsonParser.Parse(json);
        Assert.True(r.Ok, r.Error);
        var c = r.Capacity!;
        Assert.Equal(2_500_000, c.PeriodUs);        // shifted to start at 0.5 s
        Assert.Equal(1_000_000, c.Served(1_000_000)); // 1000 B/ms for 1 s
        Assert.Equal(1_000_000, c.Served(1_500_000)); // gap
        Assert.Equal(1_500_000, c.Served(2_500_000));
        Assert.Equal(8e6, c.MeanBitsPerSecond(0, 1_000_000), 3); // 1000 B/ms = 8 Mbit/s
    }

    [Fact]
    public void CapacityJson_MissingFields_ClearError()
    {
        var r = CapacityJsonParser.Parse("""{"uplink":{"trace_pattern":[{"time":1}]}}""");
        Assert.False(r.Ok);
        Assert.Contains("trace_pattern[0]", r.Error);
        Assert.False(CapacityJsonParser.Parse("{not json").Ok);
        Assert.False(CapacityJsonParser.Parse("""{"downlink":{}}""").Ok);
    }

    [Fact]
    public void Load_RealMahimahiGz_MeanRateMatchesDataReadme()
    {
        // README: Verizon-LTE-short uplink, 140 s, mean 6.0 Mbit/s
        var r = TraceLoader.Load(TestData.Trace("mahimahi/Verizon-LTE-short.up.gz"));
        Assert.True(r.Ok, r.Error);
        Assert.InRange(r.Capacity!.PeriodUs / 1e6, 135, 145);
        Assert.InRange(r.Capacity.MeanBitsPerSecond(0, r.Capacity.PeriodUs) / 1e6, 5.5, 6.5);
    }

    [Fact]
    public void Load_RealGhentJson_IsTensOfMegabits()
    {
        var r = TraceLoader.Load(TestData.Trace("ghent_4g_capacity_json/report_bus_0002.json"));
        Assert.True(r.Ok, r.Error);
        var mean = r.Capacity!.MeanBitsPerSecond(0, r.Capacity.PeriodUs) / 1e6;
        Assert.InRange(mean, 20, 45);
    }

    [Fact]
    public void Load_RealNorwayJson_HasOutagesAndLowRate()
    {
        var r = TraceLoader.Load(TestData.Trace("norway_hsdpa_3g_capacity_json/train_2011-02-14_0644CET.json"));
        Assert.True(r.Ok, r.Error);
        var c = r.Capacity!;
        Assert.InRange(c.MeanBitsPerSecond(0, c.PeriodUs) / 1e6, 0.3, 3);
        Assert.True(c.SegmentCount > 2000);
    }

    [Fact]
    public void Load_MissingFile_FailsWithPath()
    {
        var r = TraceLoader.Load("/nonexistent/trace.up");
        Assert.False(r.Ok);
        Assert.Contains("/nonexistent/trace.up", r.Error);
    }
}
