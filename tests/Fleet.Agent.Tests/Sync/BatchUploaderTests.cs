using Fleet.Agent.Enrollment;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Tests.Sync;

public sealed class BatchUploaderTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-uploader-").FullName;
    private FakeCentral _central = null!;
    private GrpcChannel _channel = null!;
    private SqliteOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _central = await FakeCentral.StartAsync();
        _channel = CentralConnection.CreateChannel(_central.Address.ToString());
        _outbox = SqliteOutbox.Open(Path.Combine(_dir, "outbox.db"), long.MaxValue);
    }

    public async Task DisposeAsync()
    {
        _outbox.Dispose();
        _channel.Dispose();
        await _central.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private BatchUploader Uploader() => new(
        _outbox,
        new CentralConnection(new AgentGatewayService.Client(_channel.CreateCallInvoker()), new DeviceIdentity("dev-1", "s3cret", "veh-1", "Bus 12", "k", "p")),
        NullLogger<BatchUploader>.Instance,
        TimeProvider.System)
    {
        Backoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)),
        IdlePoll = TimeSpan.FromMilliseconds(50),
    };

    private async Task<List<string>> SealBatchesAsync(int count)
    {
        var ids = new List<string>();
        for (var b = 0; b < count; b++)
        {
            for (var i = 0; i < 10; i++)
            {
                await _outbox.AppendAsync(new PositionSample(1_700_000_000_000 + (b * 10_000L) + (i * 1000L), -338_000_000 + i, 1_510_000_000, 10, 100, 200, 3, 8, 90));
            }

            ids.Add((await _outbox.SealAsync())!.BatchId);
        }

        return ids;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task RunUploadAsync_CentralFailsTwice_RetriesUntilAckedInOrder()
    {
        var ids = await SealBatchesAsync(3);
        _central.FailNextUploads = 2;
        using var uploader = Uploader();
        using var cts = new CancellationTokenSource();

        var run = uploader.RunUploadAsync(cts.Token);
        await WaitUntilAsync(async () => (await _outbox.StatsAsync()).Batches == 0);
        await cts.CancelAsync();
        await run;

        Assert.Equal(ids, _central.Received.Select(b => b.BatchId));
        Assert.Equal(5, _central.UploadAttempts);
        Assert.All(_central.UploadHeaders, h =>
        {
            Assert.Equal("dev-1", h.DeviceId);
            Assert.Equal("Bearer s3cret", h.Authorization);
        });
    }

    [Fact]
    public async Task TryUploadOldestAsync_Failure_KeepsBatchInOutbox()
    {
        var ids = await SealBatchesAsync(1);
        _central.FailNextUploads = 1;
        using var uploader = Uploader();

        var result = await uploader.TryUploadOldestAsync(CancellationToken.None);

        Assert.False(result);
        Assert.Equal(ids[0], (await _outbox.PeekOldestAsync())!.BatchId);
        Assert.Equal("Unavailable", uploader.LastFailure!.Value.Status);
    }

    [Fact]
    public async Task TryUploadOldestAsync_BatchStillStoredWhileCentralAnswers_DeletedOnlyAfterAck()
    {
        await SealBatchesAsync(1);
        var countDuringCall = -1;
        _central.OnUpload = async _ => countDuringCall = (await _outbox.StatsAsync()).Batches;
        using var uploader = Uploader();

        Assert.True(await uploader.TryUploadOldestAsync(CancellationToken.None));

        Assert.Equal(1, countDuringCall);
        Assert.Equal(0, (await _outbox.StatsAsync()).Batches);
    }

    [Fact]
    public async Task TryUploadOldestAsync_DuplicateAnswer_CountsAsAck()
    {
        await SealBatchesAsync(2);
        _central.AnswerDuplicate = true;
        using var uploader = Uploader();

        Assert.True(await uploader.TryUploadOldestAsync(CancellationToken.None));

        Assert.Equal(1, (await _outbox.StatsAsync()).Batches);
        Assert.Equal(1, uploader.Backlog);
    }

    [Fact]
    public async Task TryUploadOldestAsync_CentralDown_FailsWithoutLosingBatch()
    {
        await SealBatchesAsync(1);
        await _central.DisposeAsync();
        using var uploader = Uploader();

        Assert.False(await uploader.TryUploadOldestAsync(CancellationToken.None));
        Assert.Equal(1, (await _outbox.StatsAsync()).Batches);
    }

    [Fact]
    public void NextDelay_ManyFailures_GrowsAndStaysUnderCap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), new Random(1));
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.NextDelay()).ToList();

        Assert.InRange(delays[0].TotalSeconds, 0.5, 1);
        Assert.InRange(delays[3].TotalSeconds, 4, 8);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromMinutes(5)));
        Assert.True(delays[^1] >= TimeSpan.FromMinutes(2.5));
    }
}
