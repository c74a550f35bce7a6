using Fleet.Central.Coverage;
using Fleet.Central.Tests.Finance;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Coverage;

/// <summary>The coverage grid built by the real aggregation from a recorded bus drive with two carriers, one
/// of which has a dead spot, against an independent model of exact percentiles (within the histogram's
/// stated accuracy); read back through ICoverageQuery and gRPC GetRouteCoverage.</summary>
public sealed class CoverageAggregationTests(ManualJobsCentral fixture) : IClassFixture<ManualJobsCentral>
{
    private const double CellSize = 400; // Coverage:CellSizeM default
    private const int DeadFrom = 300, DeadTo = 360;
    private CentralFixture Central => fixture.Central;

    internal static LinkSpec Telenor(IReadOnlyList<DriveSample> drive) =>
        new("wwan0", LinkBatches.Iccid(3001), "Telenor", "24201",
            i => new LinkValues(drive[i].RateKbps, 40 + (uint)(i % 50), LinkState.Up, -80 - (i % 20)));

    /// <summary>Telia delivers nothing (Down, 0 kbit/s) on samples [deadFrom, deadTo).</summary>
    internal static LinkSpec Telia(int offset, int deadFrom, int deadTo) =>
        new("wwan1", LinkBatches.Iccid(3002), "Telia", "24202", i =>
            i + offset >= deadFrom && i + offset < deadTo
                ? new LinkValues(0, 900, LinkState.Down, -121)
                : new LinkValues(3000 + (uint)(i % 7 * 100), 60 + (uint)(i % 30), LinkState.Up, -95 + (i % 10)));

    internal static List<Fix> Fixes(IReadOnlyList<DriveSample> drive) => drive.Select(s => new Fix(s.UnixMs, s.Latitude, s.Longitude)).ToList();

    private static IEnumerable<ExpectedGrid.Observation> Observations(IReadOnlyList<DriveSample> drive, int offset, LinkSpec telenor, LinkSpec telia) =>
        drive.SelectMany((s, i) => new[] { (Spec: telenor, V: telenor.At(i)), (Spec: telia, V: telia.At(i)) }
            .Select(x => new ExpectedGrid.Observation(x.Spec.Operator, s.Latitude, s.Longitude, (int)x.V.RateKbps, (int)x.V.RttMs, x.V.RsrpDbm,
                x.V.State == LinkState.Down || x.V.RateKbps == 0)));

    [Fact]
    public async Task Aggregate_RecordedDriveTwoCarriers_CellsMatchIndependentModelAndUpdateIncrementally()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-coverage-1");
        var first = TestBatches.NorwayBus(450);          // the log holds the same trip four times: lap 1…
        var second = TestBatches.NorwayBus(150, skip: 458); // …and the start of lap 2, over the same road
        var aggregator = Central.App.Services.GetRequiredService<CoverageAggregator>();
        await aggregator.CatchUpAsync(default); // whatever other tests of this class uploaded

        await Central.Agents.UploadBatchAsync(
            LinkBatches.Build(Fixes(first), [Telenor(first), Telia(0, DeadFrom, DeadTo)]), agent.Credentials);
        var run = await aggregator.CatchUpAsync(default);

        Assert.Equal(1, run);
        var expected = ExpectedGrid.Build(Observations(first, 0, Telenor(first), Telia(0, DeadFrom, DeadTo)), CellSize);
        var stored = await ReadCellsAsync(agent);
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (key, cell) in expected)
        {
            var actual = stored[key];
            Assert.Equal(cell.Samples, actual.Samples);
            ExpectedGrid.AssertWithinBinBound(cell.P10, actual.ThroughputP10Kbps);
            ExpectedGrid.AssertWithinBinBound(cell.P50, actual.ThroughputP50Kbps);
            ExpectedGrid.AssertWithinBinBound(cell.Rtt50, actual.RttP50Ms);
            ExpectedGrid.AssertWithinBinBound(cell.Rtt90, actual.RttP90Ms);
            Assert.Equal(cell.Rsrp50, actual.RsrpP50Dbm); // 1 dB bins over integer readings: exact
            Assert.Equal(cell.Outage, actual.OutageFraction, 9);
        }
        Assert.Contains(expected.Values, c => c.Carrier == "Telia" && c.Outage == 1.0 && c.Samples >= 5); // a real dead spot
        // Telenor's recorded throughput has the odd zero second, never a dead cell.
        Assert.All(expected.Values.Where(c => c.Carrier == "Telenor"), c => Assert.True(c.Outage < 0.5));
        Assert.Equal(0, await aggregator.CatchUpAsync(default)); // nothing new

        // A later batch: only the cells it touches are recomputed; counts accumulate.
        var before = await UpdatedAtAsync();
        await Central.Agents.UploadBatchAsync(
            LinkBatches.Build(Fixes(second), [Telenor(second), Telia(458, DeadFrom, DeadTo)], sequence: 2), agent.Credentials);
        Assert.Equal(1, await aggregator.CatchUpAsync(default));
        var after = await UpdatedAtAsync();
        var touched = Observations(second, 458, Telenor(second), Telia(458, DeadFrom, DeadTo))
            .Select(o => (o.Carrier, ExpectedGrid.CellOf(o.Lat, o.Lon, CellSize))).Select(c => (c.Carrier, c.Item2.X, c.Item2.Y)).ToHashSet();
        foreach (var (key, updatedAt) in before)
            Assert.Equal(touched.Contains(key), after[key] != updatedAt);
        var all = ExpectedGrid.Build(Observations(first, 0, Telenor(first), Telia(0, DeadFrom, DeadTo))
            .Concat(Observations(second, 458, Telenor(second), Telia(458, DeadFrom, DeadTo))), CellSize);
        var storedAll = await ReadCellsAsync(agent);
        Assert.Equal(all.Keys.Order(), storedAll.Keys.Order());
        Assert.All(all, kv => Assert.Equal(kv.Value.Samples, storedAll[kv.Key].Samples));
        Assert.All(all, kv => ExpectedGrid.AssertWithinBinBound(kv.Value.P50, storedAll[kv.Key].ThroughputP50Kbps));
        Assert.All(all, kv => Assert.Equal(kv.Value.Rsrp50, storedAll[kv.Key].RsrpP50Dbm));
    }

    private static (long X, long Y) ParseCell(string cellId)
    {
        var parts = cellId.Split(':');
        return (long.Parse(parts[1]), long.Parse(parts[2]));
    }

    private async Task<Dictionary<(string, long, long), CoverageCellView>> ReadCellsAsync(EnrolledAgent agent)
    {
        // Every cell in the region of the drive (this class has one test, so they are all this drive's).
        var query = Central.App.Services.GetRequiredService<ICoverageQuery>();
        var cells = (await query.GetCellsInBoxAsync(new GeoBox(59, 10, 61, 12), null, default)).Value!.Cells;
        return cells.ToDictionary(c => (c.Carrier, ParseCell(c.CellId).X, ParseCell(c.CellId).Y));
    }

    private async Task<Dictionary<(string, long, long), DateTimeOffset>> UpdatedAtAsync()
    {
        var result = new Dictionary<(string, long, long), DateTimeOffset>();
        await using var command = Central.Database.CreateCommand("SELECT carrier, cell_x, cell_y, updated_at FROM coverage_cells");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            result[(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2))] = reader.GetFieldValue<DateTimeOffset>(3);
        return result;
    }
}
