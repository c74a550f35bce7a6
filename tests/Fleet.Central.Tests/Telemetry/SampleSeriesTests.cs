using Fleet.Central.Telemetry;

namespace Fleet.Central.Tests.Telemetry;

public sealed class SampleSeriesTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static DecodedLinkSample Link(string name, DateTimeOffset time, int rate, string? iccid = "8947") =>
        new(time, name, iccid, "Telenor", "24201", 2, rate, 40, 0, 250, -70, -95, -10, 12, 7, 1234, 1, 100, 200);

    [Fact]
    public void Links_TwoLinksAcrossMidnightOutOfOrder_OneTimeOrderedGroupPerLinkAndDay()
    {
        var samples = new[]
        {
            Link("wwan0", Midnight.AddSeconds(-2), 1),
            Link("wwan1", Midnight.AddSeconds(-2), 10),
            Link("wwan0", Midnight.AddSeconds(1), 3),
            Link("wwan0", Midnight.AddSeconds(-1), 2),
            Link("wwan1", Midnight.AddSeconds(-1), 11),
        };

        var groups = SampleSeries.Links(samples);

        Assert.Equal(3, groups.Count);
        Assert.Equal(new[] { 1, 2 }, groups[0].Select(s => s.RateKbps!.Value));
        Assert.Equal(new[] { 10, 11 }, groups[1].Select(s => s.RateKbps!.Value));
        Assert.Equal(new[] { 3 }, groups[2].Select(s => s.RateKbps!.Value));
        Assert.All(groups, g => Assert.Single(g.Select(s => DateOnly.FromDateTime(s.Time.UtcDateTime)).Distinct()));
    }

    [Fact]
    public void Links_SameNameOtherSim_SeparateGroups()
    {
        var groups = SampleSeries.Links([Link("wwan0", Midnight, 1, "A"), Link("wwan0", Midnight.AddSeconds(1), 2, "B")]);

        Assert.Equal(2, groups.Count);
    }

    [Fact]
    public void Health_Empty_NoGroups()
    {
        Assert.Empty(SampleSeries.Health([]));
    }
}
