using Fleet.Agent.Outbox;
using Fleet.Agent.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Tests.Reliability;

/// <summary>A corrupt outbox row (garbage or a torn protobuf) is moved to quarantine with an error logged, never a crash.</summary>
public sealed class CorruptOutboxRowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-corrupt-").FullName;
    private readonly ListLogger _log = new();

    private string DbPath => Path.Combine(_dir, "outbox.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static HealthSample Sample(int id) => new(1_700_000_000_000 + id, 400, 300, 100, 200, (ulong)id, 1, 0);

    [Theory]
    [InlineData("garbage")]
    [InlineData("torn")]
    public async Task PeekOldestAsync_CorruptBatchRow_QuarantinedWithErrorLoggedAndNextReturned(string damage)
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue, _log);
        for (var i = 0; i < 50; i++)
        {
            await outbox.AppendAsync(Sample(i));
        }

        var bad = await outbox.SealAsync();
        await outbox.AppendAsync(Sample(99));
        var good = await outbox.SealAsync();
        Damage("batches", "batch_id", bad!.BatchId, damage);

        var next = await outbox.PeekOldestAsync();
        var stats = await outbox.StatsAsync();

        Assert.Equal(good!.BatchId, next!.BatchId);
        Assert.Equal(1, stats.Quarantined);
        Assert.Equal(1, stats.Batches);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("quarantine", StringComparison.Ordinal) && e.Message.Contains("batches", StringComparison.Ordinal));
        Assert.Equal(bad.BatchId, QuarantinedBatchId());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("torn")]
    public async Task SealAsync_CorruptSampleRow_QuarantinedWithErrorLoggedAndOthersSealed(string damage)
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue, _log);
        await outbox.AppendAsync(Sample(1));
        await outbox.AppendAsync(Sample(2));
        await outbox.AppendAsync(Sample(3));
        Damage("samples", "id", 2L, damage);

        var batch = await outbox.SealAsync();
        var stats = await outbox.StatsAsync();

        Assert.Equal([1UL, 3UL], BatchDecoder.Decode(batch!.Batch).Health.Select(h => h.DiskFreeMb));
        Assert.Equal(1, stats.Quarantined);
        Assert.Equal(0, stats.PendingSamples);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("samples", StringComparison.Ordinal));
    }

    /// <summary>garbage: random bytes; torn: the first half of the real payload, as a write cut short would leave it.</summary>
    private void Damage(string table, string key, object value, string how)
    {
        using var db = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        db.Open();
        byte[] payload;
        using (var read = db.CreateCommand())
        {
            read.CommandText = $"SELECT payload FROM {table} WHERE {key} = $k";
            read.Parameters.AddWithValue("$k", value);
            payload = (byte[])read.ExecuteScalar()!;
        }

        var damaged = how == "torn" ? payload[..(payload.Length / 2)] : [0x0a, 0xff, 0xff, 0x13, 0x37, 0x00, 0xde, 0xad];
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"UPDATE {table} SET payload = $p WHERE {key} = $k";
        cmd.Parameters.AddWithValue("$p", damaged);
        cmd.Parameters.AddWithValue("$k", value);
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    private string? QuarantinedBatchId()
    {
        using var db = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT batch_id FROM quarantine";
        return cmd.ExecuteScalar() as string;
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
