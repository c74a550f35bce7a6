using Fleet.Central.Coverage;
using Fleet.Central.Data;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Fleet.Central.Tests.Coverage;

/// <summary>Migration CoverageHistograms on a database that still has coverage_observations: what was
/// observed is converted into the histograms the aggregation would have built (its frozen SQL bin bounds
/// agree with Coverage/CellHistogram's), and the table is dropped.</summary>
public sealed class CoverageMigrationTests
{
    private const string Before = "20261122100000_CompactLinkAndHealthSeries";

    private sealed record Old(long CellX, long CellY, int? Rate, int? Rtt, short? Rsrp, bool Down);

    [Fact]
    public async Task Migrate_StoredObservations_BecomeHistogramsOfTheirCells()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("coverage_migration");
        try
        {
            await MigrateAsync(connectionString, Before);
            var random = new Random(11);
            var observations = Enumerable.Range(0, 3000).Select(i => new Old(3000 + (i % 3), 21000, random.Next(6) == 0 ? 0 : random.Next(1, 3_000_000),
                random.Next(7) == 0 ? null : random.Next(0, 90_000), random.Next(8) == 0 ? null : (short)random.Next(-170, -20), random.Next(10) == 0)).ToList();
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var seed = new NpgsqlBatch(connection);
                var rows = new NpgsqlBatchCommand(
                    """
                    INSERT INTO coverage_observations (carrier, x, y, time, vehicle_id, rate_kbps, rtt_ms, rsrp_dbm, outage)
                    SELECT 'OldNet', (cx + 0.5) * 400, (cy + 0.25) * 400, now(), gen_random_uuid(), rate, rtt, rsrp, down OR coalesce(rate = 0, false)
                    FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::smallint[], $6::bool[]) AS o(cx, cy, rate, rtt, rsrp, down)
                    """);
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.CellX).ToArray() });
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.CellY).ToArray() });
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.Rate).ToArray() });
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.Rtt).ToArray() });
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.Rsrp).ToArray() });
                rows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.Down).ToArray() });
                var cellRows = new NpgsqlBatchCommand(
                    """
                    INSERT INTO coverage_cells (carrier, cell_x, cell_y, cell_size_m, center_lat, center_lon, center, samples,
                        throughput_p10_kbps, throughput_p50_kbps, rtt_p50_ms, rtt_p90_ms, rsrp_p50_dbm, outage_fraction, updated_at)
                    SELECT 'OldNet', cx, 21000, 400, 60, 10, ST_MakePoint(10, 60)::geography, count(*), 1, 2, 3, 4, -90, 0.1, now()
                    FROM unnest($1::bigint[]) AS o(cx) GROUP BY cx
                    """);
                cellRows.Parameters.Add(new NpgsqlParameter { Value = observations.Select(o => o.CellX).ToArray() });
                seed.BatchCommands.Add(rows);
                seed.BatchCommands.Add(cellRows);
                await seed.ExecuteNonQueryAsync();
            }

            await MigrateAsync(connectionString, null);

            await using var after = NpgsqlDataSource.Create(connectionString);
            await using var read = after.CreateCommand(
                """
                SELECT cell_x, samples, outages, throughput_p50_kbps, to_regclass('coverage_observations') IS NULL,
                       throughput_bins, throughput_counts, rtt_bins, rtt_counts, rsrp_bins, rsrp_counts
                FROM coverage_cells WHERE carrier = 'OldNet' AND cell_size_m = 400 ORDER BY cell_x
                """);
            await using var reader = await read.ExecuteReaderAsync();
            var cells = 0;
            while (await reader.ReadAsync())
            {
                var model = new CellHistogram();
                foreach (var o in observations.Where(o => o.CellX == reader.GetInt64(0)))
                    model.Add(o.Down ? (short)4 : (short)1, o.Rate, o.Rtt, o.Rsrp);
                Assert.Equal(model.Samples, reader.GetInt64(1));
                Assert.Equal(model.Outages, reader.GetInt64(2));
                Assert.Equal(2, reader.GetInt32(3)); // the exact percentiles stay until new samples arrive
                Assert.True(reader.GetBoolean(4), "coverage_observations still exists");
                var (throughput, rtt, rsrp) = (CoverageIncrementalTests.Sparse(reader, 5), CoverageIncrementalTests.Sparse(reader, 7), CoverageIncrementalTests.Sparse(reader, 9));
                Assert.Equal(SparseBins.Of(model.Throughput), throughput, SparseEqual);
                Assert.Equal(SparseBins.Of(model.Rtt), rtt, SparseEqual);
                Assert.Equal(SparseBins.Of(model.Rsrp), rsrp, SparseEqual);
                cells++;
            }
            Assert.Equal(3, cells);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static bool SparseEqual(SparseBins a, SparseBins b) => a.Bins.SequenceEqual(b.Bins) && a.Counts.SequenceEqual(b.Counts);

    private static async Task MigrateAsync(string connectionString, string? target)
    {
        var options = new DbContextOptionsBuilder<FleetDbContext>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;
        await using var db = new FleetDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync(target);
    }
}
