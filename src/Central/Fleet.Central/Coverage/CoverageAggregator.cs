using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Coverage;

/// <summary>Folds new telemetry into the coverage grid, incrementally: each batch not yet aggregated has
/// its link samples joined to the fix of the same vehicle within a second (nearest; one read of the batch's
/// fixes and a hash join on the second, not one index probe per sample), projected to
/// EPSG:3857 once and appended to coverage_observations; then only the cells those observations fell in
/// are recomputed (percentile_cont over the cell's observations — percentiles cannot be merged from
/// partial results, which is why the observations are kept). A change of cell size rebuilds the grid.</summary>
public sealed partial class CoverageAggregator(
    NpgsqlDataSource dataSource, IOptions<CoverageOptions> options, TimeProvider time, ILogger<CoverageAggregator> logger)
{
    /// <summary>Batches committed up to this long after a later one was aggregated are still picked up.</summary>
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMinutes(10);

    /// <summary>Aggregates until no unprocessed batch is left; returns the batches processed.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var result = await RunOnceAsync(cancellationToken);
            total += result.Batches;
            if (result.Batches < options.Value.MaxBatchesPerRun)
                return total;
        }
    }

    public async Task<AggregationResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var size = o.CellSizeM;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One runner at a time across central instances (and the job vs. an explicit call): the second waits.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('fleet.coverage'))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);

        var rebuilt = await RebuildIfCellSizeChangedAsync(connection, transaction, size, cancellationToken);

        var batches = new List<(Guid Id, DateTimeOffset ReceivedAt)>();
        await using (var pending = new NpgsqlCommand(
            """
            SELECT b.batch_id, b.received_at FROM telemetry_batches b
            WHERE b.received_at > coalesce((SELECT max(received_at) FROM coverage_batches), '-infinity'::timestamptz) - $1
              AND NOT EXISTS (SELECT 1 FROM coverage_batches c WHERE c.batch_id = b.batch_id)
            ORDER BY b.received_at
            LIMIT $2
            """, connection, transaction))
        {
            pending.Parameters.Add(new NpgsqlParameter { Value = CommitMargin, NpgsqlDbType = NpgsqlDbType.Interval });
            pending.Parameters.Add(new NpgsqlParameter { Value = o.MaxBatchesPerRun, NpgsqlDbType = NpgsqlDbType.Integer });
            await using var reader = await pending.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                batches.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        if (batches.Count == 0 && !rebuilt)
            return new AggregationResult(0, 0, 0);

        var observations = 0;
        var cells = new HashSet<(string Carrier, long X, long Y)>();
        if (batches.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                WITH batch AS (
                    SELECT batch_id, vehicle_id, start_at, end_at FROM telemetry_batches WHERE batch_id = ANY($1)),
                -- link_series has no batch_id index (one more index on every COPY): the batch's vehicle and sample
                -- span (ingest stores start_at/end_at around every sample) reach its series through the primary
                -- key (vehicle_id, start_at, ...), in the batch's day partitions only.
                link AS (
                    SELECT s.vehicle_id, s.batch_id, s.series_no, s.operator_name, s.mcc_mnc,
                           u.time, u.state, u.rate_kbps, u.rtt_ms, u.rsrp_dbm, u.n,
                           floor(extract(epoch FROM u.time))::bigint AS second
                    FROM batch b
                    JOIN link_series s
                      ON s.vehicle_id = b.vehicle_id AND s.start_at >= b.start_at AND s.start_at <= b.end_at AND s.batch_id = b.batch_id
                    CROSS JOIN LATERAL unnest(s.times, s.state, s.rate_kbps, s.rtt_ms, s.rsrp_dbm) WITH ORDINALITY
                        AS u(time, state, rate_kbps, rtt_ms, rsrp_dbm, n)),
                -- The fixes around the batch's span, read once per batch by the key (vehicle_id, time, id).
                fix AS (
                    SELECT p.vehicle_id, p.time, p.geom, floor(extract(epoch FROM p.time))::bigint AS second
                    FROM batch b
                    JOIN positions p
                      ON p.vehicle_id = b.vehicle_id AND p.time > b.start_at - interval '1 second' AND p.time < b.end_at + interval '1 second'),
                -- Each sample's nearest fix less than a second away: such a fix lies in the sample's second or
                -- a neighbouring one, so a hash join on (vehicle, second ± 1) finds every candidate.
                nearest AS (
                    SELECT DISTINCT ON (l.batch_id, l.series_no, l.n) l.*, f.geom
                    FROM link l
                    CROSS JOIN (VALUES (-1), (0), (1)) AS d(k)
                    JOIN fix f ON f.vehicle_id = l.vehicle_id AND f.second = l.second + d.k
                    WHERE f.time > l.time - interval '1 second' AND f.time < l.time + interval '1 second'
                    ORDER BY l.batch_id, l.series_no, l.n, abs(extract(epoch FROM f.time - l.time))),
                added AS (
                    INSERT INTO coverage_observations (carrier, x, y, time, vehicle_id, rate_kbps, rtt_ms, rsrp_dbm, outage)
                    SELECT coalesce(nullif(l.operator_name, ''), nullif(l.mcc_mnc, ''), 'unknown'),
                           ST_X(p.g), ST_Y(p.g), l.time, l.vehicle_id, l.rate_kbps, l.rtt_ms, l.rsrp_dbm,
                           coalesce(l.state = 4, false) OR coalesce(l.rate_kbps = 0, false)
                    FROM nearest l
                    CROSS JOIN LATERAL (SELECT ST_Transform(l.geom, 3857) AS g) p
                    RETURNING carrier, x, y)
                SELECT carrier, floor(x / $2)::bigint, floor(y / $2)::bigint, count(*) FROM added GROUP BY 1, 2, 3
                """, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new NpgsqlParameter { Value = size, NpgsqlDbType = NpgsqlDbType.Double });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cells.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                observations += (int)reader.GetInt64(3);
            }
        }
        if (rebuilt)
            cells.UnionWith(await AllCellsAsync(connection, transaction, size, cancellationToken));

        var updated = await RecomputeCellsAsync(connection, transaction, cells, size, now, cancellationToken);

        if (batches.Count > 0)
        {
            await using var done = new NpgsqlCommand(
                "INSERT INTO coverage_batches (batch_id, received_at, aggregated_at) SELECT * , $3 FROM unnest($1, $2) ON CONFLICT DO NOTHING",
                connection, transaction);
            done.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            done.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            done.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await done.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        LogAggregated(logger, batches.Count, observations, updated);
        return new AggregationResult(batches.Count, observations, updated);
    }

    private static async Task<bool> RebuildIfCellSizeChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, double size, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("DELETE FROM coverage_cells WHERE cell_size_m <> $1", connection, transaction);
        check.Parameters.Add(new NpgsqlParameter { Value = size, NpgsqlDbType = NpgsqlDbType.Double });
        return await check.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task<List<(string, long, long)>> AllCellsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, double size, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT carrier, floor(x / $1)::bigint, floor(y / $1)::bigint FROM coverage_observations", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = size, NpgsqlDbType = NpgsqlDbType.Double });
        var cells = new List<(string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            cells.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return cells;
    }

    private static async Task<int> RecomputeCellsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<(string Carrier, long X, long Y)> cells, double size, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cells.Count == 0)
            return 0;
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO coverage_cells (carrier, cell_x, cell_y, cell_size_m, center_lat, center_lon, center, samples,
                throughput_p10_kbps, throughput_p50_kbps, rtt_p50_ms, rtt_p90_ms, rsrp_p50_dbm, outage_fraction, updated_at)
            SELECT a.carrier, a.cx, a.cy, $4, ST_Y(c.pt), ST_X(c.pt), c.pt::geography, a.n, a.p10, a.p50, a.rtt50, a.rtt90, a.rsrp50, a.outage, $5
            FROM (
                SELECT t.carrier, t.cx, t.cy, count(*)::int AS n,
                       round(percentile_cont(0.1) WITHIN GROUP (ORDER BY o.rate_kbps))::int AS p10,
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.rate_kbps))::int AS p50,
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.rtt_ms))::int AS rtt50,
                       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY o.rtt_ms))::int AS rtt90,
                       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY o.rsrp_dbm))::int AS rsrp50,
                       avg(o.outage::int)::float8 AS outage
                FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS t(carrier, cx, cy)
                JOIN coverage_observations o
                  ON o.carrier = t.carrier
                 AND o.x >= t.cx * $4 AND o.x < (t.cx + 1) * $4
                 AND o.y >= t.cy * $4 AND o.y < (t.cy + 1) * $4
                GROUP BY t.carrier, t.cx, t.cy) a
            CROSS JOIN LATERAL (
                SELECT ST_Transform(ST_SetSRID(ST_MakePoint((a.cx + 0.5) * $4, (a.cy + 0.5) * $4), 3857), 4326) AS pt) c
            ON CONFLICT (carrier, cell_x, cell_y) DO UPDATE SET
                cell_size_m = EXCLUDED.cell_size_m, center_lat = EXCLUDED.center_lat, center_lon = EXCLUDED.center_lon,
                center = EXCLUDED.center, samples = EXCLUDED.samples, throughput_p10_kbps = EXCLUDED.throughput_p10_kbps,
                throughput_p50_kbps = EXCLUDED.throughput_p50_kbps, rtt_p50_ms = EXCLUDED.rtt_p50_ms, rtt_p90_ms = EXCLUDED.rtt_p90_ms,
                rsrp_p50_dbm = EXCLUDED.rsrp_p50_dbm, outage_fraction = EXCLUDED.outage_fraction, updated_at = EXCLUDED.updated_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Select(c => c.Carrier).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Select(c => c.X).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Select(c => c.Y).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = size, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record AggregationResult(int Batches, int Observations, int CellsUpdated);
