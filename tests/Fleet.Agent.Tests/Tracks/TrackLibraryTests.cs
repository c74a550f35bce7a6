using Fleet.Agent.Tracks;

namespace Fleet.Agent.Tests.Tracks;

public class TrackLibraryTests
{
    [Fact]
    public void LoadAalto_DeviceData_SplitsIntoHelsinkiTripsWithoutJumps()
    {
        var trips = TrackLibrary.LoadAalto(SharedData.Path("gps", "aalto_helsinki_public_transport", "device_data.csv")).ToList();

        Assert.NotEmpty(trips);
        Assert.All(trips, t =>
        {
            Assert.True(t.Duration >= TimeSpan.FromMinutes(3));
            Assert.All(t.Points, p => Assert.InRange(p.Latitude, 59.9, 60.5));
            Assert.All(t.Points, p => Assert.InRange(p.Longitude, 24.4, 25.3));
            for (var i = 1; i < t.Points.Count; i++)
            {
                var dt = (t.Points[i].Time - t.Points[i - 1].Time).TotalSeconds;
                Assert.InRange(dt, 0.001, 120);
                Assert.True(Geo.DistanceM(t.Points[i - 1].Latitude, t.Points[i - 1].Longitude, t.Points[i].Latitude, t.Points[i].Longitude) / dt <= TrackCleaner.MaxSpeedMps);
            }
        });
    }

    [Fact]
    public void LoadAll_SharedData_GivesOneHertzTracksFromAllThreeSources()
    {
        var tracks = TrackLibrary.LoadAll(SharedData.Path());

        Assert.Contains(tracks, t => t.Name.StartsWith("aalto-", StringComparison.Ordinal));
        Assert.Contains(tracks, t => t.Name.StartsWith("norway-", StringComparison.Ordinal));
        Assert.Contains(tracks, t => t.Name.StartsWith("ireland-", StringComparison.Ordinal));
        Assert.All(tracks, t =>
        {
            for (var i = 1; i < t.Points.Count; i++)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), t.Points[i].Time - t.Points[i - 1].Time);
            }
        });
        Assert.All(tracks.Where(t => t.Name.StartsWith("norway-", StringComparison.Ordinal)), t => Assert.All(t.Points, p => Assert.InRange(p.Latitude, 59.5, 60.2)));
        Assert.All(tracks.Where(t => t.Name.StartsWith("ireland-", StringComparison.Ordinal)), t => Assert.All(t.Points, p => Assert.InRange(p.Longitude, -11, -5)));
    }

    [Fact]
    public void SplitIntoTrips_JumpGapAndZeroPoint_AreHandled()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var raw = new List<TrackPoint>();
        for (var i = 0; i < 300; i++)
        {
            raw.Add(new TrackPoint(t0.AddSeconds(i * 10), 60 + (i * 0.0005), 25));
        }

        raw.Add(new TrackPoint(t0.AddSeconds(1005), 61.5, 25)); // 160 km away in 5 s
        raw.Add(new TrackPoint(t0.AddSeconds(1006), 0, 0));
        for (var i = 0; i < 30; i++)
        {
            raw.Add(new TrackPoint(t0.AddSeconds(4000 + (i * 10)), 60.2, 25 + (i * 0.001))); // after a 17 min gap
        }

        var trips = TrackCleaner.SplitIntoTrips("x", raw, TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(3)).ToList();

        Assert.Equal(2, trips.Count);
        Assert.Equal(300, trips[0].Points.Count);
        Assert.Equal(30, trips[1].Points.Count);
    }

    [Fact]
    public void ToOneHz_TenSecondPoints_InterpolatesLinearly()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);
        var track = new Track("x", [new TrackPoint(t0, 60, 25), new TrackPoint(t0.AddSeconds(10), 60.001, 25.002)]);

        var oneHz = TrackResampler.ToOneHz(track).Points;

        Assert.Equal(10, oneHz.Count);
        Assert.Equal(t0.AddSeconds(0.5), oneHz[0].Time);
        Assert.Equal(60.00005, oneHz[0].Latitude, 9);
        Assert.Equal(25.0011, oneHz[5].Longitude, 9);
    }
}
