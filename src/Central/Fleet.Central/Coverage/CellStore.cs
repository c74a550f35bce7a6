using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Coverage;

/// <summary>coverage_cells as the aggregation reads and writes it: the stored histograms of the cells a
/// run touched are added to the run's own, and the merged cells written back with their percentiles, all
/// in the run's transaction under its advisory lock (no other writer can interleave).</summary>
internal static class CellStore
{
    /// <summary>Adds what the grid already holds for each of <paramref name="cells"/> to it; returns the cells
    /// the grid held.</summary>
    public static async Task<HashSet<CellKey>> MergeStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, double cellSizeM,
        Dictionary<CellKey, CellHistogram> cells, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT c.carrier, c.cell_x, c.cell_y, c.samples, c.outages,
                   c.throughput_bins, c.throughput_counts, c.rtt_bins, c.rtt_counts, c.rsrp_bins, c.rsrp_counts
            FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS t(carrier, x, y)
            JOIN coverage_cells c ON c.cell_size_m = $4 AND c.carrier = t.carrier AND c.cell_x = t.x AND c.cell_y = t.y
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Keys.Select(c => c.Carrier).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Keys.Select(c => c.X).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = cells.Keys.Select(c => c.Y).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = cellSizeM, NpgsqlDbType = NpgsqlDbType.Double });
        var stored = new HashSet<CellKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new CellKey(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            cells[key].Merge(reader.GetInt64(3), reader.GetInt64(4), Sparse(reader, 5), Sparse(reader, 7), Sparse(reader, 9));
            stored.Add(key);
        }
        return stored;
    }

    /// <summary>Writes <paramref name="cells"/> (merged totals) with one COPY, then inserts the new ones and
    /// updates the <paramref name="stored"/> ones (the lock rules out a concurrent insert, so no ON CONFLICT
    /// and its speculative insertion); returns the cells written.</summary>
    public static async Task<int> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, double cellSizeM,
        IReadOnlyDictionary<CellKey, CellHistogram> cells, IReadOnlySet<CellKey> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            """
            CREATE TEMP TABLE coverage_merge (
                stored boolean, carrier text, cell_x bigint, cell_y bigint, center_lat float8, center_lon float8, samples bigint, outages bigint,
                throughput_p10_kbps int, throughput_p50_kbps int, rtt_p50_ms int, rtt_p90_ms int, rsrp_p50_dbm int, outage_fraction float8,
                throughput_bins smallint[], throughput_counts bigint[], rtt_bins smallint[], rtt_counts bigint[],
                rsrp_bins smallint[], rsrp_counts bigint[]
            ) ON COMMIT DROP
            """, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);

        await using (var copy = await connection.BeginBinaryImportAsync("COPY coverage_merge FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (key, cell) in cells)
            {
                var (lat, lon) = WebMercator.Unproject((key.X + 0.5) * cellSizeM, (key.Y + 0.5) * cellSizeM);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(stored.Contains(key), NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(key.Carrier, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(key.X, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(key.Y, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(lat, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(lon, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(cell.Samples, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(cell.Outages, NpgsqlDbType.Bigint, cancellationToken);
                await WriteNullableAsync(copy, cell.ThroughputP10Kbps, cancellationToken);
                await WriteNullableAsync(copy, cell.ThroughputP50Kbps, cancellationToken);
                await WriteNullableAsync(copy, cell.RttP50Ms, cancellationToken);
                await WriteNullableAsync(copy, cell.RttP90Ms, cancellationToken);
                await WriteNullableAsync(copy, cell.RsrpP50Dbm, cancellationToken);
                await copy.WriteAsync(cell.OutageFraction, NpgsqlDbType.Double, cancellationToken);
                await WriteSparseAsync(copy, SparseBins.Of(cell.Throughput), cancellationToken);
                await WriteSparseAsync(copy, SparseBins.Of(cell.Rtt), cancellationToken);
                await WriteSparseAsync(copy, SparseBins.Of(cell.Rsrp), cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        await using var write = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO coverage_cells (cell_size_m, carrier, cell_x, cell_y, center_lat, center_lon, center, samples, outages,
                throughput_p10_kbps, throughput_p50_kbps, rtt_p50_ms, rtt_p90_ms, rsrp_p50_dbm, outage_fraction,
                throughput_bins, throughput_counts, rtt_bins, rtt_counts, rsrp_bins, rsrp_counts, updated_at)
            SELECT $1, carrier, cell_x, cell_y, center_lat, center_lon, ST_SetSRID(ST_MakePoint(center_lon, center_lat), 4326)::geography,
                   samples, outages, throughput_p10_kbps, throughput_p50_kbps, rtt_p50_ms, rtt_p90_ms, rsrp_p50_dbm, outage_fraction,
                   throughput_bins, throughput_counts, rtt_bins, rtt_counts, rsrp_bins, rsrp_counts, $2
            FROM coverage_merge WHERE NOT stored
            """);
        var update = new NpgsqlBatchCommand(
            """
            UPDATE coverage_cells c SET
                samples = m.samples, outages = m.outages,
                throughput_p10_kbps = m.throughput_p10_kbps, throughput_p50_kbps = m.throughput_p50_kbps,
                rtt_p50_ms = m.rtt_p50_ms, rtt_p90_ms = m.rtt_p90_ms, rsrp_p50_dbm = m.rsrp_p50_dbm, outage_fraction = m.outage_fraction,
                throughput_bins = m.throughput_bins, throughput_counts = m.throughput_counts, rtt_bins = m.rtt_bins, rtt_counts = m.rtt_counts,
                rsrp_bins = m.rsrp_bins, rsrp_counts = m.rsrp_counts, updated_at = $2
            FROM coverage_merge m
            WHERE m.stored AND c.cell_size_m = $1 AND c.carrier = m.carrier AND c.cell_x = m.cell_x AND c.cell_y = m.cell_y
            """);
        foreach (var command in new[] { insert, update })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = cellSizeM, NpgsqlDbType = NpgsqlDbType.Double });
            command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            write.BatchCommands.Add(command);
        }
        await write.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected + update.RecordsAffected;
    }

    private static SparseBins Sparse(NpgsqlDataReader reader, int ordinal) =>
        new(reader.GetFieldValue<short[]>(ordinal), reader.GetFieldValue<long[]>(ordinal + 1));

    private static async Task WriteSparseAsync(NpgsqlBinaryImporter copy, SparseBins bins, CancellationToken cancellationToken)
    {
        await copy.WriteAsync(bins.Bins, NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync(bins.Counts, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, int? value, CancellationToken cancellationToken) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
