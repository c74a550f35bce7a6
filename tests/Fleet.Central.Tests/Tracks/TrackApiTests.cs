using System.Net;
using System.Text.Json;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tenancy;

namespace Fleet.Central.Tests.Tracks;

/// <summary>Real drives (tram without long stops, bus with one) ingested through gRPC upload, tracks
/// limited to 200 points so the tram's ~1200 fixes get simplified.</summary>
public sealed class RecordedDrives : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture().With("ApiV1:Tracks:MaxTrackPoints", "200").With("ApiV1:Tracks:MaxLineFixes", "10000");
    public CreatedKeyBody Key { get; private set; } = null!;
    public EnrolledAgent Tram { get; private set; } = null!;
    public EnrolledAgent Bus { get; private set; } = null!;
    public IReadOnlyList<DriveSample> TramDrive { get; private set; } = [];
    public IReadOnlyList<DriveSample> BusDrive { get; private set; } = [];
    public DateTimeOffset Start { get; } = NorwayTraces.RecentStart();

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        var tenant = await ApiClients.CreateTenantAsync(Central, "oslo-transit");
        Key = await ApiClients.CreateKeyAsync(Central, tenant.Id, "positions:read");
        Tram = await EnrolledAgent.EnrollAsync(Central, "tram-track");
        Bus = await EnrolledAgent.EnrollAsync(Central, "bus-track");
        await ApiClients.AssignAsync(Central, Tram.VehicleId, tenant.Id);
        await ApiClients.AssignAsync(Central, Bus.VehicleId, tenant.Id);
        TramDrive = NorwayTraces.Load(NorwayTraces.Tram1216, Start);
        BusDrive = NorwayTraces.Load(NorwayTraces.Bus0929, Start);
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(TramDrive), Tram.Credentials);
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(BusDrive), Bus.Credentials);
    }

    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class TrackApiTests(RecordedDrives drives) : IClassFixture<RecordedDrives>
{
    private async Task<(HttpResponseMessage Response, JsonDocument Json)> GetAsync(EnrolledAgent vehicle, string what, DateTimeOffset from, DateTimeOffset to)
    {
        var response = await ApiClients.GetAsync(drives.Central, drives.Key.Key,
            $"/api/v1/vehicles/{vehicle.VehicleId}/{what}?from={ApiClients.Iso(from)}&to={ApiClients.Iso(to)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static List<double[]> Coordinates(JsonElement feature) =>
        feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();

    [Fact]
    public async Task Track_WholeTramRide_SimplifiedGeoJsonLineStringInLonLatOrder()
    {
        var drive = drives.TramDrive;
        var (response, json) = await GetAsync(drives.Tram, "track", drives.Start.AddMinutes(-1), drives.Start.AddHours(1));
        using var _ = response;
        using var __ = json;

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", json.RootElement.GetProperty("type").GetString());
        var feature = Assert.Single(json.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal("LineString", feature.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = Coordinates(feature);
        var properties = feature.GetProperty("properties");
        Assert.Equal(drive.Count, properties.GetProperty("pointCount").GetInt32());
        Assert.True(properties.GetProperty("simplified").GetBoolean());
        Assert.Equal(coordinates.Count, properties.GetProperty("shownPointCount").GetInt32());
        Assert.InRange(coordinates.Count, 10, 200);
        // RFC 7946: [longitude, latitude]; Oslo is at about 10.7 E, 59.9 N.
        Assert.All(coordinates, c => { Assert.InRange(c[0], 10.5, 11.0); Assert.InRange(c[1], 59.7, 60.1); });
        Assert.Equal(drive[0].Longitude, coordinates[0][0], 6);
        Assert.Equal(drive[0].Latitude, coordinates[0][1], 6);
        Assert.Equal(drive[^1].Longitude, coordinates[^1][0], 6);
        Assert.Equal(drive[^1].Latitude, coordinates[^1][1], 6);
        var expectedLength = NorwayTraces.LengthMeters(drive);
        Assert.InRange(properties.GetProperty("distanceMeters").GetDouble(), expectedLength * 0.99, expectedLength * 1.01);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(drive[0].UnixMs), properties.GetProperty("firstAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Track_ShortRange_EveryFixUnsimplified()
    {
        var drive = drives.TramDrive;
        var to = DateTimeOffset.FromUnixTimeMilliseconds(drive[99].UnixMs).AddMilliseconds(1);
        var (response, json) = await GetAsync(drives.Tram, "track", drives.Start, to);
        using var _ = response;
        using var __ = json;

        var feature = Assert.Single(json.RootElement.GetProperty("features").EnumerateArray());
        Assert.False(feature.GetProperty("properties").GetProperty("simplified").GetBoolean());
        var coordinates = Coordinates(feature);
        Assert.Equal(100, coordinates.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(drive[i].Longitude, coordinates[i][0], 6);
            Assert.Equal(drive[i].Latitude, coordinates[i][1], 6);
        }
    }

    [Fact]
    public async Task Track_RangeWithoutFixes_EmptyFeatureCollection()
    {
        var (response, json) = await GetAsync(drives.Tram, "track", drives.Start.AddDays(-3), drives.Start.AddDays(-2));
        using var _ = response;
        using var __ = json;

        Assert.Equal("FeatureCollection", json.RootElement.GetProperty("type").GetString());
        Assert.Empty(json.RootElement.GetProperty("features").EnumerateArray());
    }

    [Fact]
    public async Task Trips_BusWithLongHalt_OneStopBetweenTwoTrips()
    {
        var drive = drives.BusDrive;
        var (response, json) = await GetAsync(drives.Bus, "trips", drives.Start.AddMinutes(-1), drives.Start.AddHours(1));
        using var _ = response;
        using var __ = json;

        var stop = Assert.Single(json.RootElement.GetProperty("stops").EnumerateArray());
        var trips = json.RootElement.GetProperty("trips").EnumerateArray().ToList();
        Assert.Equal(2, trips.Count);
        var arrived = stop.GetProperty("arrivedAt").GetDateTimeOffset();
        var departed = stop.GetProperty("departedAt").GetDateTimeOffset();
        Assert.InRange(stop.GetProperty("durationSeconds").GetDouble(), 180, 600);
        Assert.Equal(arrived, trips[0].GetProperty("endAt").GetDateTimeOffset());
        Assert.Equal(departed, trips[1].GetProperty("startAt").GetDateTimeOffset());
        // Checked against the recording itself: while stopped, the bus stayed near the stop's location.
        var (lat, lon) = (stop.GetProperty("latitude").GetDouble(), stop.GetProperty("longitude").GetDouble());
        var during = drive.Where(s => s.UnixMs >= arrived.ToUnixTimeMilliseconds() && s.UnixMs <= departed.ToUnixTimeMilliseconds()).ToList();
        Assert.True(during.Count > 100);
        Assert.All(during, s => Assert.True(Fleet.Central.Tracks.GeoDistance.Meters(lat, lon, s.Latitude, s.Longitude) <= 100));
        // The trips add up to the recorded path, less the jitter while standing.
        var total = NorwayTraces.LengthMeters(drive);
        var tripSum = trips.Sum(t => t.GetProperty("distanceMeters").GetDouble());
        Assert.All(trips, t => Assert.True(t.GetProperty("distanceMeters").GetDouble() > 100));
        Assert.InRange(tripSum, total * 0.95, total * 1.01);
    }

    [Fact]
    public async Task Trips_TramWithoutLongHalts_OneTripAlongTheWholeRide()
    {
        var drive = drives.TramDrive;
        var (response, json) = await GetAsync(drives.Tram, "trips", drives.Start.AddMinutes(-1), drives.Start.AddHours(1));
        using var _ = response;
        using var __ = json;

        Assert.Empty(json.RootElement.GetProperty("stops").EnumerateArray());
        var trip = Assert.Single(json.RootElement.GetProperty("trips").EnumerateArray());
        Assert.Equal(drive.Count, trip.GetProperty("pointCount").GetInt32());
        var total = NorwayTraces.LengthMeters(drive);
        Assert.InRange(trip.GetProperty("distanceMeters").GetDouble(), total * 0.99, total * 1.01);
        Assert.Equal(drive[0].Latitude, trip.GetProperty("startLatitude").GetDouble(), 6);
        Assert.Equal(drive[^1].Longitude, trip.GetProperty("endLongitude").GetDouble(), 6);
    }

    [Fact]
    public async Task Track_RangeOfDays_ThinnedInSqlButCountsEveryFixAndKeepsBothEnds()
    {
        var drive = drives.TramDrive;
        // Six days: 518,400 s over 10,000 slices = ~52 s per slice, so the ~1200 fixes shrink to ~25.
        var (response, json) = await GetAsync(drives.Tram, "track", drives.Start.AddDays(-6), drives.Start.AddHours(1));
        using var _ = response;
        using var __ = json;
        var feature = Assert.Single(json.RootElement.GetProperty("features").EnumerateArray());
        var properties = feature.GetProperty("properties");
        var coordinates = Coordinates(feature);

        Assert.Equal(drive.Count, properties.GetProperty("pointCount").GetInt32());
        var rideSeconds = (drive[^1].UnixMs - drive[0].UnixMs) / 1000.0;
        Assert.InRange(coordinates.Count, 2, (int)(rideSeconds / 51) + 3);
        Assert.Equal(coordinates.Count, properties.GetProperty("shownPointCount").GetInt32());
        Assert.Equal(drive[0].Longitude, coordinates[0][0], 6);
        Assert.Equal(drive[0].Latitude, coordinates[0][1], 6);
        Assert.Equal(drive[^1].Longitude, coordinates[^1][0], 6);
        Assert.Equal(drive[^1].Latitude, coordinates[^1][1], 6);
        // Chords of ~50 s along a tram line: the distance stays close to the full-resolution one.
        Assert.InRange(properties.GetProperty("distanceMeters").GetDouble(), NorwayTraces.LengthMeters(drive) * 0.85, NorwayTraces.LengthMeters(drive) * 1.01);
    }
}
