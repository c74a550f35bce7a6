using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Finance;

/// <summary>Sums link-sample bytes into sim_daily_usage, mapping link → SIM by the ICCID each link series
/// carries. Incremental by batch arrival: only the UTC days covered by batches received since the last run
/// are recomputed, and each (SIM, day) is recomputed whole from link_series, so running twice or
/// overlapping runs never double-counts. The look-back margin catches batches whose transaction committed
/// after a run had already moved past their received_at.</summary>
public sealed partial class SimUsageAggregator(NpgsqlDataSource dataSource, TimeProvider time, ILogger<SimUsageAggregator> logger)
{
    private static readonly TimeSpan CommitMargin = TimeSpan.FromMinutes(2);

    /// <summary>One incremental pass; returns the (SIM, day) rows written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // One runner at a time across central instances (and the job vs. an explicit call): the second waits.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('fleet.sim_usage'))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);

        DateTimeOffset? countedUntil;
        await using (var state = new NpgsqlCommand("SELECT counted_until FROM sim_usage_state WHERE id = 1", connection, transaction))
            countedUntil = await state.ExecuteScalarAsync(cancellationToken) switch
            {
                DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
                DateTimeOffset t => t,
                _ => null,
            };

        var days = new List<DateOnly>();
        await using (var touched = new NpgsqlCommand(
            """
            SELECT DISTINCT d::date
            FROM telemetry_batches b,
                 generate_series((b.start_at AT TIME ZONE 'UTC')::date, (b.end_at AT TIME ZONE 'UTC')::date, interval '1 day') d
            WHERE b.received_at > $1 AND b.received_at <= $2
            """, connection, transaction))
        {
            touched.Parameters.Add(new NpgsqlParameter { Value = (countedUntil ?? DateTimeOffset.UnixEpoch) - CommitMargin, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            touched.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await touched.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                days.Add(reader.GetFieldValue<DateOnly>(0));
        }

        var rows = days.Count == 0 ? 0 : await RecomputeAsync(connection, transaction, null, days, now, cancellationToken);

        await using (var save = new NpgsqlCommand(
            "INSERT INTO sim_usage_state (id, counted_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET counted_until = EXCLUDED.counted_until",
            connection, transaction))
        {
            save.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await save.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (rows > 0)
            LogAggregated(logger, days.Count, rows);
        return rows;
    }

    /// <summary>Recomputes one SIM's usage for [from, to] (a newly registered SIM's history).</summary>
    public async Task<int> BackfillAsync(Guid simId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
            days.Add(day);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await RecomputeAsync(connection, transaction, simId, days, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static async Task<int> RecomputeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? simId,
        List<DateOnly> days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Per (SIM, day) an index range scan on link_series (iccid, start_at). Days are UTC; a series row never
        // crosses midnight and carries its byte totals, so a day is the sum of whole rows, arrays unopened.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO sim_daily_usage (sim_id, day, tx_bytes, rx_bytes, samples, updated_at)
            SELECT s.id, d.day, u.tx, u.rx, u.n, $3
            FROM sims s
            CROSS JOIN unnest($1::date[]) AS d(day)
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(l.tx_bytes_total), 0) AS tx, coalesce(sum(l.rx_bytes_total), 0) AS rx,
                       coalesce(sum(l.sample_count), 0)::int AS n
                FROM link_series l
                WHERE l.iccid = s.iccid
                  AND l.start_at >= (d.day::timestamp AT TIME ZONE 'UTC')
                  AND l.start_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')) u
            WHERE ($2::uuid IS NULL OR s.id = $2) AND u.n > 0
            ON CONFLICT (sim_id, day) DO UPDATE
                SET tx_bytes = EXCLUDED.tx_bytes, rx_bytes = EXCLUDED.rx_bytes, samples = EXCLUDED.samples, updated_at = EXCLUDED.updated_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = days.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)simId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
