using Fleet.Central.Coverage;
using Fleet.Central.Tests.Finance;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Grpc;
using Microsoft.Extensions.DependencyInjection;
using RoutePoint = Fleet.Contracts.Agents.RoutePoint;
using static Fleet.Central.Tests.Coverage.CoverageAggregationTests;

namespace Fleet.Central.Tests.Coverage;

/// <summary>Reading the grid: gRPC GetRouteCoverage (validation, auth, corridor) and ICoverageQuery by bbox.</summary>
public sealed class CoverageQueryTests(ManualJobsCentral fixture) : IClassFixture<ManualJobsCentral>
{
    private const double CellSize = 400;
    private const int DeadFrom = 300, DeadTo = 360;
    private CentralFixture Central => fixture.Central;

    [Fact]
    public async Task GetRouteCoverage_RouteIntoDeadSpot_ReturnsDeadTeliaCellAhead()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-coverage-2");
        var drive = TestBatches.NorwayBus(450);
        await Central.Agents.UploadBatchAsync(
            LinkBatches.Build(Fixes(drive), [Telenor(drive), Telia(0, DeadFrom, DeadTo)]), agent.Credentials);
        await Central.App.Services.GetRequiredService<CoverageAggregator>().CatchUpAsync(default);
        var request = new RouteCoverageRequest { CorridorM = 150 };
        foreach (var i in new[] { 250, 280, 310, 330 })
            request.Route.Add(new RoutePoint { Lat = drive[i].Latitude, Lon = drive[i].Longitude });

        var response = await Central.Agents.GetRouteCoverageAsync(request, agent.Credentials);

        Assert.Equal(CellSize, response.CellSizeM);
        var deadCell = ExpectedGrid.CellOf(drive[330].Latitude, drive[330].Longitude, CellSize);
        var telia = Assert.Single(response.Cells, c => c.Carrier == "Telia" && c.CellId == CoverageCellView.FormatCellId(CellSize, deadCell.X, deadCell.Y));
        Assert.True(telia.OutageFraction >= 0.5, $"outage {telia.OutageFraction}");
        Assert.Equal(0u, telia.ThroughputP10Kbps);
        Assert.Contains(response.Cells, c => c.Carrier == "Telenor" && c.OutageFraction == 0);
        // Every cell returned lies within the corridor (distance to the nearest route vertex, segments being at most ~300 m).
        Assert.All(response.Cells, c => Assert.True(
            request.Route.Min(p => Haversine(p.Lat, p.Lon, c.CenterLat, c.CenterLon)) < 400, "cell far from route"));
        // The start of the drive is kilometres away: not in this corridor.
        var start = ExpectedGrid.CellOf(drive[0].Latitude, drive[0].Longitude, CellSize);
        Assert.DoesNotContain(response.Cells, c => c.CellId == CoverageCellView.FormatCellId(CellSize, start.X, start.Y));
    }

    [Theory]
    [InlineData(5000, 59.9, 10.7, "corridor_m")]
    [InlineData(300, 91, 10.7, "route point 0")]
    [InlineData(-1, 59.9, 10.7, "corridor_m")]
    public async Task GetRouteCoverage_BadInput_InvalidArgument(double corridor, double lat, double lon, string expected)
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, $"bus-coverage-bad-{Guid.NewGuid():N}"[..30]);
        var request = new RouteCoverageRequest { CorridorM = corridor, Route = { new RoutePoint { Lat = lat, Lon = lon } } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Central.Agents.GetRouteCoverageAsync(request, agent.Credentials));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
    }

    [Fact]
    public async Task GetRouteCoverage_EmptyRouteOrNoCredentials_Refused()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-coverage-3");
        var empty = await Assert.ThrowsAsync<RpcException>(async () =>
            await Central.Agents.GetRouteCoverageAsync(new RouteCoverageRequest(), agent.Credentials));
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () =>
            await Central.Agents.GetRouteCoverageAsync(new RouteCoverageRequest { Route = { new RoutePoint { Lat = 59.9, Lon = 10.7 } } }));

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task CellsInBox_WholeDriveAndCarrierFilter_ReturnsMatchingCells()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-coverage-4");
        var drive = TestBatches.NorwayBus(300, skip: 920); // within lap 3 of the log
        await Central.Agents.UploadBatchAsync(
            LinkBatches.Build(Fixes(drive), [Telenor(drive), Telia(920, 1000, 1050)]), agent.Credentials);
        await Central.App.Services.GetRequiredService<CoverageAggregator>().CatchUpAsync(default);
        var query = Central.App.Services.GetRequiredService<ICoverageQuery>();
        var box = new GeoBox(drive.Min(s => s.Latitude) - 0.01, drive.Min(s => s.Longitude) - 0.01,
            drive.Max(s => s.Latitude) + 0.01, drive.Max(s => s.Longitude) + 0.01);

        var all = (await query.GetCellsInBoxAsync(box, null, default)).Value!;
        var telia = (await query.GetCellsInBoxAsync(box, "Telia", default)).Value!;
        var inverted = await query.GetCellsInBoxAsync(box with { MinLat = box.MaxLat + 1 }, null, default);

        var expectedTelia = drive.Select(s => ExpectedGrid.CellOf(s.Latitude, s.Longitude, CellSize)).ToHashSet();
        Assert.Equal(expectedTelia.Count, telia.Cells.Count(c => expectedTelia.Contains(ParseCell(c.CellId))));
        Assert.All(telia.Cells, c => Assert.Equal("Telia", c.Carrier));
        Assert.Contains(all.Cells, c => c.Carrier == "Telenor");
        Assert.All(all.Cells, c => Assert.InRange(c.CenterLat, box.MinLat, box.MaxLat));
        Assert.False(inverted.Succeeded);
        Assert.Contains("Telia", await query.ListCarriersAsync(default));
    }

    private static (long X, long Y) ParseCell(string cellId)
    {
        var parts = cellId.Split(':');
        return (long.Parse(parts[1]), long.Parse(parts[2]));
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadius = 6_371_008.8;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * earthRadius * Math.Asin(Math.Sqrt(h));
    }
}
