using Fleet.Central.Tracks;

namespace Fleet.Central.Tests.Tracks;

public sealed class StopDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    /// <summary>1 Hz fixes: moving north at 10 m/s for <paramref name="moveS"/>, then standing (with 5 m of
    /// jitter) for <paramref name="standS"/>, then moving on.</summary>
    private static List<TrackFix> MoveStandMove(int moveS, int standS)
    {
        var fixes = new List<TrackFix>();
        var lat = 59.9;
        var t = 0;
        for (var i = 0; i < moveS; i++, t++, lat += 10 / 111_320.0)
            fixes.Add(new TrackFix(T0.AddSeconds(t), lat, 10.75));
        for (var i = 0; i < standS; i++, t++)
            fixes.Add(new TrackFix(T0.AddSeconds(t), lat + (i % 2) * 5 / 111_320.0, 10.75));
        for (var i = 0; i < moveS; i++, t++, lat += 10 / 111_320.0)
            fixes.Add(new TrackFix(T0.AddSeconds(t), lat, 10.75));
        return fixes;
    }

    [Fact]
    public void FindStops_StandingFiveMinutes_OneStopBetweenTwoTrips()
    {
        var fixes = MoveStandMove(60, 300);

        var stops = StopDetector.FindStops(fixes, 50, TimeSpan.FromMinutes(3));
        var trips = StopDetector.TripsBetween(fixes.Count, stops);

        var stop = Assert.Single(stops);
        Assert.InRange((fixes[stop.Last].Time - fixes[stop.First].Time).TotalSeconds, 299, 306);
        Assert.Equal(2, trips.Count);
        Assert.Equal(0, trips[0].First);
        Assert.Equal(stop.First, trips[0].Last);
        Assert.Equal(stop.Last, trips[1].First);
        Assert.Equal(fixes.Count - 1, trips[1].Last);
    }

    [Fact]
    public void FindStops_StandingTwoMinutes_NoStopOneTrip()
    {
        var fixes = MoveStandMove(60, 120);

        var stops = StopDetector.FindStops(fixes, 50, TimeSpan.FromMinutes(3));

        Assert.Empty(stops);
        Assert.Equal([new FixSpan(0, fixes.Count - 1)], StopDetector.TripsBetween(fixes.Count, stops));
    }

    [Fact]
    public void FindStops_DataGapAtTheSamePlace_CountsAsStop()
    {
        var fixes = new List<TrackFix>
        {
            new(T0, 59.9, 10.75),
            new(T0.AddSeconds(1), 59.9001, 10.75),
            new(T0.AddHours(2), 59.9001, 10.7501),
            new(T0.AddHours(2).AddSeconds(1), 59.91, 10.75),
        };

        var stop = Assert.Single(StopDetector.FindStops(fixes, 50, TimeSpan.FromMinutes(3)));

        Assert.Equal(new FixSpan(0, 2), stop);
    }

    [Fact]
    public void TripsBetween_NoFixes_NoTrips()
    {
        Assert.Empty(StopDetector.TripsBetween(0, StopDetector.FindStops([], 50, TimeSpan.FromMinutes(3))));
    }

    [Fact]
    public void GeoDistance_OneDegreeOfLatitude_About111Km()
    {
        Assert.InRange(GeoDistance.Meters(59, 10, 60, 10), 111_000, 111_400);
    }
}
