using Fleet.Central.Coverage;
using Fleet.Central.Tests.Finance;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Central.Tests.Coverage;

/// <summary>The grid's histograms in the real database: runs merge to what one pass over all samples gives,
/// nothing is counted twice, bad data is left out, and a new cell size starts a new grid. Each test drives its own vehicle on its own road, so the tests of the class share cells with nobody.</summary>
public sealed class CoverageIncrementalTests(ManualJobsCentral fixture) : IClassFixture<ManualJobsCentral>
{
    private const double CellSize = 400;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private CentralFixture Central => fixture.Central;

    private CoverageAggregator Aggregator(double cellSize = CellSize, int maxBatchesPerRun = 25) => Aggregator(Central, cellSize, maxBatchesPerRun);

    /// <summary>Eastward at about 17 m/s: a dozen samples per 400 m cell.</summary>
    internal static List<Fix> Road(double lat, int count, int fromSecond = 0) =>
        Enumerable.Range(0, count).Select(i => new Fix(Start.ToUnixTimeMilliseconds() + ((fromSecond + i) * 1000L), lat, 11.0 + (i * 0.0003))).ToList();

    internal static LinkSpec Carrier(string name, int seed) =>
        new("wwan0", LinkBatches.Iccid(5000 + seed), name, "24299", i =>
        {
            var random = new Random((seed * 100_003) + i);
            return new LinkValues((uint)(random.Next(5) == 0 ? 0 : random.Next(1, 80_000)), (uint)random.Next(15, 2500),
                random.Next(9) == 0 ? LinkState.Down : LinkState.Up, random.Next(-130, -60));
        });

    internal static CoverageAggregator Aggregator(CentralFixture central, double cellSize = CellSize, int maxBatchesPerRun = 25) =>
        new(central.App.Services.GetRequiredService<NpgsqlDataSource>(),
            Options.Create(new CoverageOptions { CellSizeM = cellSize, MaxBatchesPerRun = maxBatchesPerRun }),
            TimeProvider.System, NullLogger<CoverageAggregator>.Instance);

    [Fact]
    public async Task RunOnce_TwoRunsOverTwoBatches_SameHistogramsAsOnePassOverAllSamples()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "coverage-merge");
        var first = Road(61.0, 300);
        var second = Road(61.0, 300, fromSecond: 3600); // the same road an hour later
        var link = Carrier("MergeNet", 1);
        var later = Carrier("MergeNet", 2);
        await Aggregator().CatchUpAsync(default);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(first, [link]), agent.Credentials);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(second, [later], sequence: 2), agent.Credentials);

        var oneByOne = Aggregator(maxBatchesPerRun: 1);
        Assert.Equal(1, (await oneByOne.RunOnceAsync(default)).Batches);
        Assert.Equal(1, (await oneByOne.RunOnceAsync(default)).Batches);

        var expected = new Dictionary<(long, long), CellHistogram>();
        foreach (var (fixes, spec) in new[] { (first, link), (second, later) })
        {
            for (var i = 0; i < fixes.Count; i++)
            {
                var cell = ExpectedGrid.CellOf(fixes[i].Lat, fixes[i].Lon, CellSize);
                if (!expected.TryGetValue(cell, out var histogram))
                    expected[cell] = histogram = new CellHistogram();
                var v = spec.At(i);
                histogram.Add((short)v.State, (int)v.RateKbps, (int)v.RttMs, (short)v.RsrpDbm);
            }
        }
        var stored = await StoredAsync("MergeNet", CellSize);
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (key, model) in expected)
        {
            var cell = stored[key];
            Assert.Equal(model.Samples, cell.Samples);
            Assert.Equal(model.Outages, cell.Outages);
            Assert.Equal(model.Throughput, cell.Throughput);
            Assert.Equal(model.Rtt, cell.Rtt);
            Assert.Equal(model.Rsrp, cell.Rsrp);
            Assert.Equal(model.ThroughputP10Kbps, cell.P10);
            Assert.Equal(model.RttP90Ms, cell.Rtt90);
        }
        Assert.Contains(expected.Values, h => h.Samples >= 20); // both drives landed in the same cells
    }

    [Fact]
    public async Task CatchUp_ConcurrentRunnersAndReruns_EverySampleCountedOnce()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "coverage-once");
        await Aggregator().CatchUpAsync(default);
        var batches = Enumerable.Range(0, 4)
            .Select(k => LinkBatches.Build(Road(61.2, 120, fromSecond: k * 600), [Carrier("OnceNet", k)], sequence: (uint)(k + 1)))
            .ToList();
        foreach (var batch in batches)
            await Central.Agents.UploadBatchAsync(batch, agent.Credentials);

        var runs = await Task.WhenAll(Aggregator(maxBatchesPerRun: 1).CatchUpAsync(default), Aggregator(maxBatchesPerRun: 1).CatchUpAsync(default));
        await Central.Agents.UploadBatchAsync(batches[0], agent.Credentials); // a retried upload: same batch id

        Assert.Equal(4, runs.Sum());
        Assert.Equal(0, await Aggregator().CatchUpAsync(default));
        Assert.Equal(4 * 120, (await StoredAsync("OnceNet", CellSize)).Values.Sum(c => c.Samples));
    }

    [Fact]
    public async Task RunOnce_SamplesWithoutFixAndMissingReadings_LeftOutOfWhatTheyLack()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "coverage-gaps");
        await Aggregator().CatchUpAsync(default);
        var road = Road(61.4, 200);
        var batch = LinkBatches.Build(road, [Carrier("GapNet", 1), Carrier("BareNet", 2) with { LinkName = "wwan1", Iccid = LinkBatches.Iccid(5999) }]);
        batch.Positions = LinkBatches.Build(road.Take(100).ToList(), []).Positions; // the GPS lost its fix half way
        batch.Links[1].RttMs.Clear(); // a modem that reports neither RTT nor RSRP
        batch.Links[1].RsrpDbmDelta.Clear();
        await Central.Agents.UploadBatchAsync(batch, agent.Credentials);

        var result = await Aggregator().RunOnceAsync(default);

        Assert.Equal(2 * 100, result.Observations); // a sample a second or more after the last fix has no place
        var gap = await StoredAsync("GapNet", CellSize);
        var bare = await StoredAsync("BareNet", CellSize);
        Assert.Equal(100, gap.Values.Sum(c => c.Samples));
        Assert.Equal(100, bare.Values.Sum(c => c.Samples));
        Assert.All(gap.Values, c => Assert.NotNull(c.Rtt90));
        Assert.All(bare.Values, c =>
        {
            Assert.Null(c.Rtt90);
            Assert.Null(c.Rsrp50);
            Assert.NotNull(c.P10);
            Assert.Equal(0, c.Rtt.Sum());
        });
    }

    [Fact]
    public async Task RunOnce_CellSizeChanged_NewGridFromThenOnOldGridKeptButNotServed()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "coverage-resize");
        await Aggregator().CatchUpAsync(default);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(Road(61.6, 150), [Carrier("SizeNet", 1)]), agent.Credentials);
        await Aggregator().CatchUpAsync(default);
        var oldGrid = await StoredAsync("SizeNet", CellSize);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(Road(61.6, 150, fromSecond: 900), [Carrier("SizeNet", 2)], sequence: 2), agent.Credentials);

        Assert.Equal(1, await Aggregator(cellSize: 800).CatchUpAsync(default));

        var newGrid = await StoredAsync("SizeNet", 800);
        Assert.Equal(150, newGrid.Values.Sum(c => c.Samples)); // only the batch after the change
        Assert.Equal(oldGrid.Values.Sum(c => c.Samples), (await StoredAsync("SizeNet", CellSize)).Values.Sum(c => c.Samples));
        var query = new CoverageQuery(Central.App.Services.GetRequiredService<NpgsqlDataSource>(), Options.Create(new CoverageOptions { CellSizeM = 800 }));
        var served = (await query.GetCellsInBoxAsync(new GeoBox(61.5, 10.9, 61.7, 11.2), "SizeNet", default)).Value!;
        Assert.Equal(800, served.CellSizeM);
        Assert.Equal(newGrid.Count, served.Cells.Count);
        Assert.All(served.Cells, c => Assert.Equal(800, c.CellSizeM));
    }

    [Theory]
    [InlineData(59.9139, 10.7522)]
    [InlineData(-33.8688, 151.2093)]
    [InlineData(85.05, -179.99)]
    public async Task WebMercator_Project_MatchesPostGis(double lat, double lon)
    {
        await using var command = Central.Database.CreateCommand(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3857) AS g) p");
        command.Parameters.Add(new NpgsqlParameter { Value = lon });
        command.Parameters.Add(new NpgsqlParameter { Value = lat });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.True(WebMercator.TryProject(lat, lon, out var x, out var y));
        Assert.Equal(reader.GetDouble(0), x, 1e-6);
        Assert.Equal(reader.GetDouble(1), y, 1e-6);
        var (backLat, backLon) = WebMercator.Unproject(x, y);
        Assert.Equal(lat, backLat, 1e-9);
        Assert.Equal(lon, backLon, 1e-9);
    }

    internal sealed record StoredCell(long Samples, long Outages, long[] Throughput, long[] Rtt, long[] Rsrp, int? P10, int? Rtt90, int? Rsrp50);

    private Task<Dictionary<(long X, long Y), StoredCell>> StoredAsync(string carrier, double cellSize) => StoredAsync(Central, carrier, cellSize);

    internal static async Task<Dictionary<(long X, long Y), StoredCell>> StoredAsync(CentralFixture central, string carrier, double cellSize)
    {
        await using var command = central.Database.CreateCommand(
            """
            SELECT cell_x, cell_y, samples, outages, throughput_p10_kbps, rtt_p90_ms, rsrp_p50_dbm,
                   throughput_bins, throughput_counts, rtt_bins, rtt_counts, rsrp_bins, rsrp_counts
            FROM coverage_cells WHERE carrier = $1 AND cell_size_m = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = carrier });
        command.Parameters.Add(new NpgsqlParameter { Value = cellSize });
        var cells = new Dictionary<(long, long), StoredCell>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var histogram = new CellHistogram();
            histogram.Merge(reader.GetInt64(2), reader.GetInt64(3), Sparse(reader, 7), Sparse(reader, 9), Sparse(reader, 11));
            cells[(reader.GetInt64(0), reader.GetInt64(1))] = new StoredCell(histogram.Samples, histogram.Outages,
                histogram.Throughput, histogram.Rtt, histogram.Rsrp,
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6));
        }
        return cells;
    }

    /// <summary>A stored histogram, read back into the dense form the model builds.</summary>
    internal static SparseBins Sparse(NpgsqlDataReader reader, int ordinal) =>
        new(reader.GetFieldValue<short[]>(ordinal), reader.GetFieldValue<long[]>(ordinal + 1));
}
