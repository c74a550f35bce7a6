using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Telemetry;

/// <summary>Writes decoded samples with binary COPY: one round trip per table instead of one per row.
/// The geometry column receives EWKB bytes, which is PostGIS' own binary input format.</summary>
internal static class TelemetryCopyWriter
{
    public static async Task CopyPositionsAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Positions.Count == 0)
            return;
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY positions (vehicle_id, batch_id, time, geom, altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
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

    public static async Task CopyLinkSamplesAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.LinkSamples.Count == 0)
            return;
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY link_samples (vehicle_id, batch_id, time, link_name, iccid, operator_name, mcc_mnc, state,
                rate_kbps, rtt_ms, loss_permille, weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db,
                access_tech, cell_id, registration, tx_bytes, rx_bytes) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var s in batch.LinkSamples)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(vehicleId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(s.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(s.LinkName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(s.Iccid, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(s.OperatorName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(s.MccMnc, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullableAsync(s.State, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.RateKbps, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.RttMs, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.LossPermille, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.WeightPermille, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.RssiDbm, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.RsrpDbm, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.RsrqDb, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(s.SinrDb, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(s.AccessTech, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.CellId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteNullableAsync(s.Registration, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.TxBytes, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteNullableAsync(s.RxBytes, NpgsqlDbType.Bigint, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public static async Task CopyHealthSamplesAsync(
        NpgsqlConnection connection, Guid vehicleId, DecodedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.HealthSamples.Count == 0)
            return;
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY health_samples (vehicle_id, batch_id, time, cpu_temp_c, ssd_temp_c, cpu_load_permille,
                mem_used_permille, disk_free_mb, smart_ok, outbox_backlog) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var s in batch.HealthSamples)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(vehicleId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(s.Time, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteNullableAsync(s.CpuTempC, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(s.SsdTempC, NpgsqlDbType.Real, cancellationToken);
            await writer.WriteNullableAsync(s.CpuLoadPermille, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.MemUsedPermille, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteNullableAsync(s.DiskFreeMb, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteNullableAsync(s.SmartOk, NpgsqlDbType.Smallint, cancellationToken);
            await writer.WriteNullableAsync(s.OutboxBacklog, NpgsqlDbType.Integer, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
