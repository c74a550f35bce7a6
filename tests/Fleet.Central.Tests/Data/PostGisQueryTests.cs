using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Data;

/// <summary>Positions stored by the real ingest path (binary COPY of EWKB) are usable PostGIS geometry.</summary>
public sealed class PostGisQueryTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task StoredPositions_StDWithinAndStMakeLine_MatchTheRecordedDrive()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-postgis");
        var drive = TestBatches.NorwayBus(300);
        await central.Agents.UploadBatchAsync(TestBatches.Encode(drive), agent.Credentials);
        var vehicleId = Guid.Parse(agent.VehicleId);

        // ST_DWithin (geography on the sphere, metres): the fixes within 300 m of the start, counted in C# too.
        var start = drive[0];
        var expectedNearStart = drive.Count(s => Haversine(start, s) <= 300);
        var nearStart = await central.ScalarAsync<long>(
            """
            SELECT count(*) FROM positions
            WHERE vehicle_id = $1 AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 300, false)
            """, vehicleId, start.Longitude, start.Latitude);
        Assert.InRange(expectedNearStart, 2, drive.Count - 1); // the bus leaves the area: a real filter
        Assert.Equal(expectedNearStart, nearStart);

        // ST_MakeLine ordered by time: one vertex per fix, as long as the drive.
        var vertices = await central.ScalarAsync<int>(
            "SELECT ST_NPoints(ST_MakeLine(geom ORDER BY time)) FROM positions WHERE vehicle_id = $1", vehicleId);
        Assert.Equal(drive.Count, vertices);
        var lengthMetres = await central.ScalarAsync<double>(
            "SELECT ST_Length(ST_MakeLine(geom ORDER BY time)::geography) FROM positions WHERE vehicle_id = $1", vehicleId);
        var expectedMetres = drive.Zip(drive.Skip(1), Haversine).Sum();
        Assert.True(expectedMetres > 500, $"the recorded drive should move (got {expectedMetres:0} m)");
        Assert.InRange(lengthMetres, expectedMetres * 0.99, expectedMetres * 1.01);

        // The line's first vertex is the earliest fix (ORDER BY time, not insertion order).
        var firstLatitude = await central.ScalarAsync<double>(
            "SELECT ST_Y(ST_StartPoint(ST_MakeLine(geom ORDER BY time))) FROM positions WHERE vehicle_id = $1", vehicleId);
        Assert.Equal(start.Latitude, firstLatitude, 6);
    }

    private static double Haversine(DriveSample a, DriveSample b)
    {
        const double earthRadius = 6_371_008.8;
        double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * earthRadius * Math.Asin(Math.Sqrt(h));
    }
}
