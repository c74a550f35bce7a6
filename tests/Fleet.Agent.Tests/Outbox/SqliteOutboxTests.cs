using Fleet.Agent.Outbox;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;
using Microsoft.Data.Sqlite;

namespace Fleet.Agent.Tests.Outbox;

public sealed class SqliteOutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-outbox-").FullName;

    private string DbPath => Path.Combine(_dir, "outbox.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static PositionSample Position(int i) =>
        new(1_700_000_000_000 + (i * 1000L), 601_700_000 + i, 249_400_000 - i, 150, 500, 9000, 3, 10, 90);

    private static LinkSample Link(int i) =>
        new("wwan0", 1_700_000_000_000 + (i * 1000L), 100, 200, 5000, 40, 2, 500, LinkState.Up, -70, -95, -110, 120, AccessTech.Lte, 42, RegistrationState.RegistrationHome);

    [Fact]
    public async Task SealAsync_PendingSamples_BecomeOneBatchAndSamplesAreGone()
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue);
        for (var i = 0; i < 20; i++)
        {
            await outbox.AppendAsync(Position(i));
            await outbox.AppendAsync(Link(i));
        }

        var sealedBatch = await outbox.SealAsync();
        var stats = await outbox.StatsAsync();

        Assert.NotNull(sealedBatch);
        Assert.True(Guid.TryParse(sealedBatch.BatchId, out _));
        Assert.Equal(0, stats.PendingSamples);
        Assert.Equal(1, stats.Batches);
        var decoded = BatchDecoder.Decode(sealedBatch.Batch);
        Assert.Equal(Enumerable.Range(0, 20).Select(Position), decoded.Positions);
        Assert.Equal(Enumerable.Range(0, 20).Select(Link), decoded.Links);
        Assert.Equal(1_700_000_000_000, sealedBatch.Batch.StartUnixMs);
        Assert.Equal(1_700_000_019_001, sealedBatch.Batch.EndUnixMs);
        Assert.Null(await outbox.SealAsync());
    }

    [Fact]
    public async Task SealAsync_AfterReopen_KeepsBatchesAndSequenceCounts()
    {
        string firstId;
        using (var outbox = SqliteOutbox.Open(DbPath, long.MaxValue))
        {
            await outbox.AppendAsync(Position(1));
            firstId = (await outbox.SealAsync())!.BatchId;
            await outbox.AppendAsync(Position(2));
        }

        SqliteConnection.ClearAllPools();
        using var reopened = SqliteOutbox.Open(DbPath, long.MaxValue);
        var second = await reopened.SealAsync();
        var oldest = await reopened.PeekOldestAsync();

        Assert.Equal(firstId, oldest!.BatchId);
        Assert.Equal(1u, oldest.Sequence);
        Assert.Equal(2u, second!.Sequence);
        Assert.Equal([Position(2)], BatchDecoder.Decode(second.Batch).Positions);
    }

    [Fact]
    public async Task BatchCount_SealAckDropAndReopen_MatchesTheTable()
    {
        using (var outbox = SqliteOutbox.Open(DbPath, long.MaxValue))
        {
            var ids = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                await outbox.AppendAsync(Position(i));
                ids.Add((await outbox.SealAsync())!.BatchId);
                Assert.Equal((await outbox.StatsAsync()).Batches, outbox.BatchCount);
            }

            Assert.True(await outbox.AcknowledgeAsync(ids[0]));
            Assert.False(await outbox.AcknowledgeAsync(ids[0]));
            Assert.Equal(3, outbox.BatchCount);
        }

        SqliteConnection.ClearAllPools();
        using var reopened = SqliteOutbox.Open(DbPath, 1); // a 1-byte bound drops every batch
        Assert.Equal(3, reopened.BatchCount);
        Assert.Equal(3, await reopened.EnforceBoundAsync());
        Assert.Equal(0, reopened.BatchCount);
        Assert.Equal(0, (await reopened.StatsAsync()).Batches);
    }

    [Fact]
    public async Task AcknowledgeAsync_OldestBatch_DeletesOnlyThatOne()
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue);
        await outbox.AppendAsync(Position(1));
        var a = await outbox.SealAsync();
        await outbox.AppendAsync(Position(2));
        var b = await outbox.SealAsync();

        Assert.Equal(a!.BatchId, (await outbox.PeekOldestAsync())!.BatchId);
        Assert.True(await outbox.AcknowledgeAsync(a.BatchId));
        Assert.False(await outbox.AcknowledgeAsync(a.BatchId));
        Assert.Equal(b!.BatchId, (await outbox.PeekOldestAsync())!.BatchId);
        Assert.Equal(1, (await outbox.StatsAsync()).Batches);
    }

    [Fact]
    public async Task EnforceBoundAsync_OverMaxBytes_DropsOldestAndCounts()
    {
        var sizes = new List<OutboxBatch>();
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue);
        for (var b = 0; b < 5; b++)
        {
            for (var i = 0; i < 50; i++)
            {
                await outbox.AppendAsync(Position((b * 100) + i));
            }

            sizes.Add((await outbox.SealAsync())!);
        }

        var bound = sizes.Skip(2).Sum(s => s.SizeBytes);
        using var bounded = SqliteOutbox.Open(DbPath, bound);

        var dropped = await bounded.EnforceBoundAsync();
        var stats = await bounded.StatsAsync();

        Assert.Equal(2, dropped);
        Assert.Equal(2, stats.DroppedBatches);
        Assert.Equal(3, stats.Batches);
        Assert.True(stats.Bytes <= bound);
        Assert.Equal(sizes[2].BatchId, (await bounded.PeekOldestAsync())!.BatchId);
    }

    [Fact]
    public async Task PeekOldestAsync_CorruptRow_IsQuarantinedAndNextBatchReturned()
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue);
        await outbox.AppendAsync(Position(1));
        var bad = await outbox.SealAsync();
        await outbox.AppendAsync(Position(2));
        var good = await outbox.SealAsync();
        using (var db = new SqliteConnection($"Data Source={DbPath}"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE batches SET payload = x'0aff' WHERE batch_id = $id";
            cmd.Parameters.AddWithValue("$id", bad!.BatchId);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        var next = await outbox.PeekOldestAsync();
        var stats = await outbox.StatsAsync();

        Assert.Equal(good!.BatchId, next!.BatchId);
        Assert.Equal(1, stats.Quarantined);
        Assert.Equal(1, stats.Batches);
    }

    [Fact]
    public async Task Open_NewFile_UsesWalAndFullSync()
    {
        using var outbox = SqliteOutbox.Open(DbPath, long.MaxValue);
        using var db = new SqliteConnection($"Data Source={DbPath}");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
        await Task.CompletedTask;
    }
}
