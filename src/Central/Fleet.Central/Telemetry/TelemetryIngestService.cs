using Fleet.Central.Common;
using Fleet.Central.Enrollment;
using Fleet.Central.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Proto = Fleet.Contracts.Telemetry;

namespace Fleet.Central.Telemetry;

/// <summary>Stores an uploaded batch: the batch row, positions, link and health series in one
/// transaction, so a batch is either entirely there or not at all (and, committed with synchronous_commit on,
/// durable before the agent is told so and deletes its copy). The batch row goes first with
/// ON CONFLICT DO NOTHING: a second upload of the same id (a retry, or a race with the first) finds it
/// and is answered as a duplicate without storing anything twice.</summary>
public sealed partial class TelemetryIngestService(
    NpgsqlDataSource dataSource,
    PartitionManager partitions,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<TelemetryIngestService> logger)
{
    public async Task<Outcome<IngestResult>> IngestAsync(
        DeviceIdentity device, Proto.TelemetryBatch upload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decoded = TelemetryBatchDecoder.Decode(upload, options.Value, now);
        if (!decoded.Succeeded)
        {
            LogRefused(logger, device.DeviceId, upload.BatchId, decoded.Failure.Message);
            return decoded.Failure;
        }
        var batch = decoded.Value;

        // Partitions are created outside the transaction: DDL inside it would hold the parent table's lock
        // until commit and serialise every other upload behind this one.
        await partitions.EnsureDaysAsync(SampleDays(batch), cancellationToken);
        try
        {
            return await StoreAsync(device, batch, now, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation && ex.ConstraintName is null)
        {
            // "no partition of relation found for row": retention (maybe on another instance) dropped a day
            // this process still believed present. Re-check the days and store again (the transaction
            // rolled back, so nothing is stored twice).
            partitions.ForgetAll();
            await partitions.EnsureDaysAsync(SampleDays(batch), cancellationToken);
            return await StoreAsync(device, batch, now, cancellationToken);
        }
    }

    private async Task<IngestResult> StoreAsync(DeviceIdentity device, DecodedBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryInsertBatchRowAsync(connection, device, batch, now, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            var stored = await StoredPositionCountAsync(connection, batch.BatchId, cancellationToken);
            await using (var touch = new NpgsqlBatch(connection) { BatchCommands = { TouchDevice(device.DeviceId, now) } })
                await touch.ExecuteNonQueryAsync(cancellationToken);
            LogDuplicate(logger, device.DeviceId, batch.BatchId);
            return new IngestResult(batch.BatchId, Duplicate: true, stored);
        }
        await TelemetryCopyWriter.CopyPositionsAsync(connection, device.VehicleId, batch, cancellationToken);
        await TelemetryCopyWriter.CopyLinkSeriesAsync(connection, device.VehicleId, batch, cancellationToken);
        await TelemetryCopyWriter.CopyHealthSeriesAsync(connection, device.VehicleId, batch, cancellationToken);
        // The vehicle's marker and the device's last contact in one round trip.
        await using (var touch = new NpgsqlBatch(connection))
        {
            if (LastPosition(device.VehicleId, batch) is { } lastPosition)
                touch.BatchCommands.Add(lastPosition);
            touch.BatchCommands.Add(TouchDevice(device.DeviceId, now));
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        LogStored(logger, device.DeviceId, batch.BatchId, batch.Positions.Count, batch.LinkSamples.Count, batch.HealthSamples.Count);
        return new IngestResult(batch.BatchId, Duplicate: false, batch.Positions.Count);
    }

    /// <summary>The UTC days the batch's samples fall on (usually one, two around midnight).</summary>
    internal static HashSet<DateOnly> SampleDays(DecodedBatch batch)
    {
        var days = new HashSet<DateOnly>();
        DateOnly? last = null;
        void Add(DateTimeOffset time)
        {
            var day = SampleTables.UtcDay(time);
            if (day != last)
                days.Add(day);
            last = day;
        }
        foreach (var p in batch.Positions)
            Add(p.Time);
        foreach (var s in batch.LinkSamples)
            Add(s.Time);
        foreach (var s in batch.HealthSamples)
            Add(s.Time);
        return days;
    }

    /// <summary>The batch's window widened to every sample it holds. The agent's window normally contains
    /// its samples, but nothing guarantees it; jobs that reach a batch's rows by (vehicle_id, time) through
    /// the primary key (coverage) or pick days by it (SIM usage) rely on start_at/end_at bounding them.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) SampleSpan(DecodedBatch batch)
    {
        var (start, end) = (batch.StartAt, batch.EndAt);
        void Widen(DateTimeOffset time)
        {
            if (time < start)
                start = time;
            if (time > end)
                end = time;
        }
        foreach (var p in batch.Positions)
            Widen(p.Time);
        foreach (var s in batch.LinkSamples)
            Widen(s.Time);
        foreach (var s in batch.HealthSamples)
            Widen(s.Time);
        return (start, end);
    }

    private static async Task<bool> TryInsertBatchRowAsync(
        NpgsqlConnection connection, DeviceIdentity device, DecodedBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var span = SampleSpan(batch);
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO telemetry_batches (batch_id, device_id, vehicle_id, sequence, start_at, end_at, received_at,
                position_count, link_sample_count, health_sample_count, agent_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (batch_id) DO NOTHING
            """)
        {
            Parameters =
            {
                new() { Value = batch.BatchId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = device.DeviceId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = device.VehicleId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = (long)batch.Sequence, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = span.Start, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = span.End, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = batch.Positions.Count, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = batch.LinkSamples.Count, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = batch.HealthSamples.Count, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = batch.AgentVersion, NpgsqlDbType = NpgsqlDbType.Varchar },
            },
        };
        // The agent deletes its copy once the upload is acknowledged: the commit must be durable whatever the
        // server's default (a cluster tuned for throughput may run with synchronous_commit off). Same round trip.
        await using var command = new NpgsqlBatch(connection) { BatchCommands = { new("SET LOCAL synchronous_commit TO on"), insert } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected == 1;
    }

    private static async Task<int> StoredPositionCountAsync(NpgsqlConnection connection, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT position_count FROM telemetry_batches WHERE batch_id = $1", connection)
        {
            Parameters = { new() { Value = batchId, NpgsqlDbType = NpgsqlDbType.Uuid } },
        };
        return await command.ExecuteScalarAsync(cancellationToken) is int count ? count : 0;
    }

    private static NpgsqlBatchCommand? LastPosition(Guid vehicleId, DecodedBatch batch)
    {
        if (batch.Positions.Count == 0)
            return null;
        var last = batch.Positions.MaxBy(p => p.Time)!;
        // Only move forward: an old batch from a backlog must not drag the map marker back.
        return new NpgsqlBatchCommand(
            """
            UPDATE vehicles SET last_position_at = $2, last_latitude = $3, last_longitude = $4,
                last_speed_mps = $5, last_course_deg = $6
            WHERE id = $1 AND (last_position_at IS NULL OR last_position_at < $2)
            """)
        {
            Parameters =
            {
                new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = last.Time, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = last.Location.Latitude, NpgsqlDbType = NpgsqlDbType.Double },
                new() { Value = last.Location.Longitude, NpgsqlDbType = NpgsqlDbType.Double },
                new() { Value = (object?)last.SpeedMps ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Real },
                new() { Value = (object?)last.CourseDeg ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Real },
            },
        };
    }

    private static NpgsqlBatchCommand TouchDevice(Guid deviceId, DateTimeOffset now) =>
        new("UPDATE devices SET last_seen_at = $2 WHERE id = $1")
        {
            Parameters =
            {
                new() { Value = deviceId, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
}
