using System.Diagnostics;
using System.Globalization;
using Fleet.Central.Enrollment;
using Fleet.Central.Storage;
using Npgsql;

namespace Fleet.Bench.Ingest;

/// <summary>Loads tens of millions of positions fast, server-side: each day is filled as a plain table by
/// INSERT … SELECT generate_series (no indexes yet), indexed with sorted bulk builds, then attached as
/// that day's partition of positions. This is not the ingest path (that is measured above it): it only
/// fills the table the track query is timed against, and the bench says so. Rows come in the order ingest writes them: per 10-minute window,
/// one vehicle's 600 fixes after another.</summary>
public static class BulkPositions
{
    public const int DaySeconds = 86_400;
    private const int Days = 2;

    public sealed record Loaded(IReadOnlyList<Guid> Vehicles, IReadOnlyList<DateOnly> Days);

    public static async Task<Loaded> LoadAsync(
        NpgsqlDataSource dataSource, DeviceIdentity[] fleet, long total, CancellationToken cancellationToken)
    {
        var perDayVehicles = (int)Math.Min(fleet.Length, Math.Ceiling(total / (double)(Days * DaySeconds)));
        var vehicles = fleet.Take(perDayVehicles).Select(d => d.VehicleId).ToArray();
        var today = SampleTables.UtcDay(DateTimeOffset.UtcNow);
        var days = Enumerable.Range(2, Days).Select(d => today.AddDays(-d)).ToArray();
        IngestBenchmark.Out("bulk", $"{Days} days x {perDayVehicles} vehicles x {DaySeconds} fixes (1 Hz, full day) = {(long)Days * perDayVehicles * DaySeconds} positions, loaded by SQL (INSERT ... SELECT generate_series into the day partitions, then VACUUM ANALYZE): it only fills the table the track query is timed on");

        var watch = Stopwatch.StartNew();
        // One connection per day: two cores, two days built side by side.
        await Task.WhenAll(days.Select((day, i) => LoadDayAsync(dataSource, vehicles, day, (i + 1) * 10_000_000_000L, cancellationToken)));
        IngestBenchmark.Out("bulk_load_s", watch.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture));
        return new Loaded(vehicles, days);
    }

    private static async Task LoadDayAsync(
        NpgsqlDataSource dataSource, Guid[] vehicles, DateOnly day, long idBase, CancellationToken cancellationToken)
    {
        var name = SampleTables.PartitionName(SampleTables.Positions, day);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var lo = from.ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture);
        var hi = from.AddDays(1).ToString("yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture);
        var k = vehicles.Length;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        async Task Sql(string sql, params object[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            foreach (var p in parameters)
                command.Parameters.Add(new NpgsqlParameter { Value = p });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await Sql("SET maintenance_work_mem = '2GB'; SET max_parallel_maintenance_workers = 0");
        await Sql($"DROP TABLE IF EXISTS \"{name}\"");
        await Sql($"CREATE TABLE \"{name}\" (LIKE positions INCLUDING DEFAULTS)");
        // i -> window w (outer), vehicle v, second s (inner): each vehicle's 10-minute batch is contiguous.
        await Sql(
            $"""
            INSERT INTO "{name}" (id, vehicle_id, batch_id, time, geom, altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop)
            SELECT $2 + i, ($1::uuid[])[v + 1], ($1::uuid[])[v + 1], '{lo}'::timestamptz + make_interval(secs => w * 600 + s),
                   ST_SetSRID(ST_MakePoint(8 + v * 0.01 + 0.5 * cos((w * 600 + s) / 9000.0),
                                           58 + (v % 100) * 0.02 + 0.3 * sin((w * 600 + s) / 7000.0)), 4326),
                   100, 15, ((w * 600 + s) % 360), 3, 9, 0.9
            FROM (SELECT i, i / ({k} * 600) AS w, (i / 600) % {k} AS v, i % 600 AS s
                  FROM generate_series(0::bigint, {(long)k * BulkPositions.DaySeconds} - 1) i) g
            """, vehicles, idBase);
        await Sql($"ALTER TABLE \"{name}\" ADD CONSTRAINT \"{name}_range\" CHECK (time >= '{lo}' AND time < '{hi}')");
        // The parent's indexes: its primary key (vehicle_id, time, id) and GiST on geom.
        await Sql($"CREATE UNIQUE INDEX ON \"{name}\" (vehicle_id, time, id)");
        await Sql($"CREATE INDEX ON \"{name}\" USING gist (geom)");
        // The CHECK constraint proves the range, so ATTACH skips the validation scan; the indexes above are
        // adopted as the partition's share of the parent's indexes.
        await Sql($"ALTER TABLE positions ATTACH PARTITION \"{name}\" FOR VALUES FROM ('{lo}') TO ('{hi}')");
        await Sql($"ALTER TABLE \"{name}\" DROP CONSTRAINT \"{name}_range\"");
        // What autovacuum does to a day once it has been written (insert-triggered vacuum): statistics, and the
        // visibility map that lets the track query count fixes from the index alone.
        await Sql($"VACUUM (ANALYZE) \"{name}\"");
    }
}
