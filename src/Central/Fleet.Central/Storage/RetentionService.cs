using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Storage;

/// <summary>Expires raw samples a whole day at a time: a day older than Storage:RawRetentionDays is detached
/// from its table, its positions are thinned to one point per vehicle and bucket into positions_downsampled
/// (kept forever), and the partitions are dropped. Dropping a partition frees its space at once, where a
/// DELETE would leave dead rows for VACUUM and churn the indexes.</summary>
public sealed partial class RetentionService(
    NpgsqlDataSource dataSource,
    PartitionManager partitions,
    IOptions<StorageOptions> options,
    ILogger<RetentionService> logger)
{
    /// <summary>Serialises retention across central instances (pg_try_advisory_lock key).</summary>
    private const long AdvisoryLockKey = 0x466C_6565_7452_6574; // "FleetRet"

    /// <summary>The first UTC day still kept raw at <paramref name="now"/>.</summary>
    public DateOnly FirstKeptDay(DateTimeOffset now) => SampleTables.UtcDay(now).AddDays(-options.Value.RawRetentionDays);

    public async Task<RetentionResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firstKept = FirstKeptDay(now);
        // DETACH … CONCURRENTLY cannot run inside a transaction: this connection stays in autocommit and
        // holds a session-level advisory lock so two instances never expire the same day at once.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock($1)", cancellationToken, AdvisoryLockKey))
            return new RetentionResult([], 0);
        try
        {
            var dropped = new List<DateOnly>();
            long points = 0;
            foreach (var table in SampleTables.All)
            {
                foreach (var (partition, day) in await ListPartitionsAsync(connection, table, cancellationToken))
                {
                    if (day >= firstKept)
                        continue;
                    await DetachAsync(connection, table, partition, cancellationToken);
                    if (table == SampleTables.Positions)
                        points += await DownsampleAsync(connection, partition, cancellationToken);
                    await ExecuteAsync(connection, $"DROP TABLE \"{partition}\"", cancellationToken);
                    partitions.Forget(day);
                    if (!dropped.Contains(day))
                        dropped.Add(day);
                    LogDropped(logger, partition);
                }
            }
            dropped.Sort();
            return new RetentionResult(dropped, points);
        }
        finally
        {
            await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    /// <summary>Daily partitions of <paramref name="table"/> by name, attached or left detached by an
    /// interrupted earlier pass.</summary>
    private static async Task<List<(string Partition, DateOnly Day)>> ListPartitionsAsync(
        NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace AND relname LIKE $1 ORDER BY relname",
            connection)
        {
            Parameters = { new() { Value = table.Replace("_", "\\_") + "\\_p%", NpgsqlDbType = NpgsqlDbType.Text } },
        };
        var result = new List<(string, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (SampleTables.DayOf(table, name) is { } day)
                result.Add((name, day));
        }
        return result;
    }

    private static async Task DetachAsync(NpgsqlConnection connection, string table, string partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = $1::regclass AND inhparent = $2::regclass", connection)
        {
            Parameters =
            {
                new() { Value = partition, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = table, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        var pending = await command.ExecuteScalarAsync(cancellationToken);
        if (pending is null or DBNull)
            return; // already detached
        // CONCURRENTLY: ingest into other days keeps running while the partition leaves the table.
        await ExecuteAsync(connection, (bool)pending
            ? $"ALTER TABLE \"{table}\" DETACH PARTITION \"{partition}\" FINALIZE"
            : $"ALTER TABLE \"{table}\" DETACH PARTITION \"{partition}\" CONCURRENTLY", cancellationToken);
    }

    private async Task<long> DownsampleAsync(NpgsqlConnection connection, string partition, CancellationToken cancellationToken)
    {
        // The first fix of each bucket stands for it. ON CONFLICT: a re-run (or a late batch that recreated
        // the day) never duplicates a bucket.
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO positions_downsampled (vehicle_id, bucket_at, time, geom, speed_mps, course_deg, sample_count)
            SELECT DISTINCT ON (vehicle_id, bucket_at) vehicle_id, bucket_at, time, geom, speed_mps, course_deg,
                count(*) OVER (PARTITION BY vehicle_id, bucket_at)
            FROM (SELECT vehicle_id, time, geom, speed_mps, course_deg,
                         to_timestamp(floor(extract(epoch FROM time) / $1) * $1) AS bucket_at
                  FROM "{partition}") raw
            ORDER BY vehicle_id, bucket_at, time
            ON CONFLICT (vehicle_id, bucket_at) DO NOTHING
            """, connection)
        {
            Parameters = { new() { Value = (double)options.Value.DownsampleSeconds, NpgsqlDbType = NpgsqlDbType.Double } },
            CommandTimeout = 0,
        };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
