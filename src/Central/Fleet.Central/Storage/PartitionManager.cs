using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Storage;

/// <summary>Makes sure the daily partitions a write needs exist. Rows for a day without a partition would
/// fail the whole COPY, and an agent may upload a backlog from any day, so ingest asks here first; days
/// already seen are answered from memory, so the common case costs nothing.</summary>
public sealed partial class PartitionManager(NpgsqlDataSource dataSource, ILogger<PartitionManager> logger)
{
    private readonly ConcurrentDictionary<DateOnly, bool> _known = new();

    /// <summary>Creates the partitions of every sample table for each day not known to exist.</summary>
    public async Task EnsureDaysAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        foreach (var day in days)
        {
            if (_known.ContainsKey(day))
                continue;
            await EnsureRangeAsync(day, day, cancellationToken);
        }
    }

    /// <summary>Creates the partitions for [first, last] (the maintenance job's look-ahead).</summary>
    public async Task<int> EnsureRangeAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var created = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var table in SampleTables.All)
        {
            await using var command = new NpgsqlCommand("SELECT fleet_ensure_day_partitions($1, $2, $3)", connection)
            {
                Parameters =
                {
                    new() { Value = table, NpgsqlDbType = NpgsqlDbType.Text },
                    new() { Value = first, NpgsqlDbType = NpgsqlDbType.Date },
                    new() { Value = last, NpgsqlDbType = NpgsqlDbType.Date },
                },
            };
            created += (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        for (var day = first; day <= last; day = day.AddDays(1))
            _known[day] = true;
        if (created > 0)
            LogCreated(logger, created, first, last);
        return created;
    }

    /// <summary>Retention dropped the day (or another instance did): the next write re-checks it.</summary>
    public void Forget(DateOnly day) => _known.TryRemove(day, out _);

    public void ForgetAll() => _known.Clear();
}
