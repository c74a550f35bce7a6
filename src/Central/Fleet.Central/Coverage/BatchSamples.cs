using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Coverage;

/// <summary>A telemetry batch the grid has not seen yet, with the span ingest stored around its samples.</summary>
internal sealed record PendingBatch(Guid Id, DateTimeOffset ReceivedAt, Guid VehicleId, DateTimeOffset StartAt, DateTimeOffset EndAt);

/// <summary>One carrier in one grid cell (of the grid of the configured cell size).</summary>
internal readonly record struct CellKey(string Carrier, long X, long Y);

/// <summary>Reads the link samples of a set of batches and folds each into the histogram of the cell its
/// fix places it in. Two reads by key per run (the batches' fixes, then their link series rows), and the
/// matching, projection and binning in process: a batch is 600 fixes and four series rows of 600 samples,
/// small enough that shipping them is cheaper than joining and grouping 2,400 rows per batch in SQL.</summary>
internal static class BatchSamples
{
    /// <summary>Adds every sample that has a fix less than a second away to <paramref name="cells"/>; returns
    /// how many did (the others are not placed anywhere, as they could not be before either).</summary>
    public static async Task<int> FoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches,
        double cellSizeM, Dictionary<CellKey, CellHistogram> cells, CancellationToken cancellationToken)
    {
        var tracks = batches.Select(_ => new FixTrack(cellSizeM)).ToArray();
        // A sample lies within its batch's [start_at, end_at] (ingest stores the span around every sample), so
        // any fix less than a second from it lies within a second of that span: read by the key (vehicle_id, time, id).
        await using (var fixes = Command(connection, transaction, batches,
            """
            SELECT b.n, p.time, ST_Y(p.geom), ST_X(p.geom)
            FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS b(batch_id, vehicle_id, start_at, end_at, n)
            JOIN positions p
              ON p.vehicle_id = b.vehicle_id AND p.time > b.start_at - interval '1 second' AND p.time < b.end_at + interval '1 second'
            """))
        await using (var reader = await fixes.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                tracks[reader.GetInt64(0) - 1].Add(reader.GetDateTime(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        var placed = 0;
        // link_series has no batch_id index (one more index on every COPY): the batch's vehicle and span reach
        // its rows through the primary key (vehicle_id, start_at, ...), in the batch's day partitions only.
        await using var series = Command(connection, transaction, batches,
            """
            SELECT b.n, coalesce(nullif(s.operator_name, ''), nullif(s.mcc_mnc, ''), 'unknown'),
                   s.times, s.state, s.rate_kbps, s.rtt_ms, s.rsrp_dbm
            FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS b(batch_id, vehicle_id, start_at, end_at, n)
            JOIN link_series s
              ON s.vehicle_id = b.vehicle_id AND s.start_at >= b.start_at AND s.start_at <= b.end_at AND s.batch_id = b.batch_id
            """);
        await using var rows = await series.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var track = tracks[rows.GetInt64(0) - 1];
            var carrier = rows.GetString(1);
            var times = rows.GetFieldValue<DateTime[]>(2);
            var state = rows.GetFieldValue<short?[]>(3);
            var rate = rows.GetFieldValue<int?[]>(4);
            var rtt = rows.GetFieldValue<int?[]>(5);
            var rsrp = rows.GetFieldValue<short?[]>(6);
            // A vehicle stays in a cell for a dozen samples or more: look the cell up when it changes.
            CellHistogram? cell = null;
            long cellX = 0, cellY = 0;
            for (var i = 0; i < times.Length; i++)
            {
                if (!track.TryCellAt(times[i], out var x, out var y))
                    continue;
                if (cell is null || x != cellX || y != cellY)
                {
                    var key = new CellKey(carrier, x, y);
                    if (!cells.TryGetValue(key, out cell))
                        cells[key] = cell = new CellHistogram();
                    (cellX, cellY) = (x, y);
                }
                cell.Add(state[i], rate[i], rtt[i], rsrp[i]);
                placed++;
            }
        }
        return placed;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingBatch> batches, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.VehicleId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.StartAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = batches.Select(b => b.EndAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        return command;
    }
}
