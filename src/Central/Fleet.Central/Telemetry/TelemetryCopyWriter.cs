using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Telemetry;

/// <summary>Writes decoded samples with binary COPY: one round trip per table instead of one per row.
/// Positions are one row per fix (the GiST index on geom needs a point per row); link and health samples are
/// written as series, one row of time-ordered arrays per link and UTC day (migration
/// CompactLinkAndHealthSeries). The geometry column receives EWKB bytes, PostGIS' own binary input format.</summary>
internal static class TelemetryCopyWriter
{
    private const string PositionColumns =
        "(vehicle_id, batch_id, time, geom, altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop)";

    public static async Task CopyPositionsAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Positions.Count == 0)
            return;
        // Into the parent: PostgreSQL routes each row to its day partition (the id comes from the parent's
        // identity column, which PostgreSQL 15 does not apply to rows written into a partition directly).
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY positions {PositionColumns} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var p in batch.Positions)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(vehicleId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(p.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(p.Location.ToEwkb(), NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteNullableAsync(p.AltitudeM, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(p.SpeedMps, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(p.CourseDeg, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteAsync(p.FixMode, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(p.Satellites, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(p.Hdop, NpgsqlDbType.Real, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public static async Task CopyLinkSeriesAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        var series = SampleSeries.Links(batch.LinkSamples);
        if (series.Count == 0)
            return;
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY link_series (vehicle_id, start_at, batch_id, series_no, end_at, link_name, iccid, operator_name, mcc_mnc,
                sample_count, tx_bytes_total, rx_bytes_total, down_count, times, state, rate_kbps, rtt_ms, loss_permille,
                weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db, access_tech, cell_id, registration, tx_bytes, rx_bytes)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        for (var n = 0; n < series.Count; n++)
        {
            var s = series[n];
            var first = s[0];
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(vehicleId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(first.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync((short)n, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteAsync(s[^1].Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(first.LinkName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(first.Iccid, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(first.OperatorName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(first.MccMnc, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(s.Count, NpgsqlDbType.Integer, cancellationToken);
            long tx = 0, rx = 0;
            var down = 0;
            foreach (var sample in s)
            {
                tx += sample.TxBytes ?? 0;
                rx += sample.RxBytes ?? 0;
                if (sample.State == SampleSeries.LinkStateDown)
                    down++;
            }
            await writer.WriteAsync(tx, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(rx, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(down, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.State, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RateKbps, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RttMs, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.LossPermille, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.WeightPermille, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RssiDbm, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RsrpDbm, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RsrqDb, NpgsqlDbType.Real, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.SinrDb, NpgsqlDbType.Real, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.AccessTech, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.CellId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.Registration, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.TxBytes, NpgsqlDbType.Bigint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.RxBytes, NpgsqlDbType.Bigint, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public static async Task CopyHealthSeriesAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        var series = SampleSeries.Health(batch.HealthSamples);
        if (series.Count == 0)
            return;
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY health_series (vehicle_id, start_at, batch_id, end_at, sample_count, times, cpu_temp_c, ssd_temp_c,
                cpu_load_permille, mem_used_permille, disk_free_mb, smart_ok, outbox_backlog) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var s in series)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(vehicleId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(s[0].Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(s[^1].Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(s.Count, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.CpuTempC, NpgsqlDbType.Real, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.SsdTempC, NpgsqlDbType.Real, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.CpuLoadPermille, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.MemUsedPermille, NpgsqlDbType.Integer, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.DiskFreeMb, NpgsqlDbType.Bigint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.SmartOk, NpgsqlDbType.Smallint, cancellationToken);
            await WriteArrayAsync(writer, s, x => x.OutboxBacklog, NpgsqlDbType.Integer, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteArrayAsync<TSample, TValue>(
        NpgsqlBinaryImporter writer, List<TSample> samples, Func<TSample, TValue> select, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        var values = new TValue[samples.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = select(samples[i]);
        return writer.WriteAsync(values, NpgsqlDbType.Array | type, cancellationToken);
    }
}
