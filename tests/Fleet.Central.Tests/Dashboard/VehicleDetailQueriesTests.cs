using Fleet.Central.Dashboard;

namespace Fleet.Central.Tests.Dashboard;

public sealed class VehicleDetailQueriesTests
{
    [Fact]
    public void Align_LinksReportingAtDifferentTimes_SharesOneAxisWithGapsAsNull()
    {
        var rows = new List<(double, string, string?, double?, double?, double?, double?, double?)>
        {
            (100, "wwan0", "Telia", 8000, 40, 5, -95, 600),
            (100, "wwan1", null, 2000, 80, 20, -110, 400),
            (110, "wwan1", "Tele2", 3000, 70, null, -108, 1000),
        };

        var series = VehicleDetailQueries.Align(rows, bucketSeconds: 10);

        Assert.Equal([100.0, 110.0], series.Times);
        Assert.Equal(["wwan0", "wwan1"], series.Links.Select(l => l.Link));
        var wwan0 = series.Links[0];
        Assert.Equal([8.0, null], wwan0.ThroughputMbps);
        Assert.Equal([0.5, null], wwan0.LossPercent);
        Assert.Equal([60.0, null], wwan0.WeightPercent);
        var wwan1 = series.Links[1];
        Assert.Equal("Tele2", wwan1.Operator);
        Assert.Equal([80.0, 70.0], wwan1.RttMs);
        Assert.Equal([2.0, null], wwan1.LossPercent);
        Assert.Equal([-110.0, -108.0], wwan1.SignalDbm);
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(3600, 3)]
    [InlineData(7 * 24 * 3600, 404)]
    public void BucketSecondsFor_Span_KeepsSeriesWithinPointBudget(int spanSeconds, int expected)
    {
        var bucket = VehicleDetailQueries.BucketSecondsFor(TimeSpan.FromSeconds(spanSeconds));

        Assert.Equal(expected, bucket);
        Assert.True(spanSeconds / bucket <= VehicleDetailQueries.MaxPoints);
    }
}
