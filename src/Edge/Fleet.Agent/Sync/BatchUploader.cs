using Fleet.Agent.Outbox;
using Fleet.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Sync;

/// <summary>
/// Sends sealed batches oldest first. A batch leaves the outbox only after central acknowledged its id
/// (a duplicate answer is an acknowledgement too: central already stored it); failures back off with
/// jitter up to five minutes and the batch stays where it is.
/// </summary>
public sealed partial class BatchUploader(
    SqliteOutbox outbox,
    CentralConnection central,
    ILogger<BatchUploader> logger,
    TimeProvider clock) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to sleep with an empty outbox before looking again (a seal also wakes it).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(5);

    public Backoff Backoff { get; init; } = Backoff.Default();

    /// <summary>Batches waiting to upload, read live from the outbox: a figure remembered from the last
    /// attempt lags by a whole backoff (minutes) while seals go on, and a reader saw a stale backlog.</summary>
    public int Backlog => outbox.BatchCount;

    public long Uploaded { get; private set; }

    /// <summary>Why the last attempt failed, for the retry log line.</summary>
    public (string BatchId, string Status, string Detail)? LastFailure { get; private set; }

    /// <summary>Called after a seal so a fresh batch goes out without waiting for the idle poll.</summary>
    public void Wake() => _wake.Release();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunUploadAsync(stoppingToken);

    public async Task RunUploadAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            bool? uploaded;
            try
            {
                uploaded = await TryUploadOldestAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                return; // shutting down mid-call: the batch stays for the next start
            }

            if (uploaded is null)
            {
                await WaitAsync(IdlePoll, wakeable: true, ct).ConfigureAwait(false);
            }
            else if (uploaded is false && LastFailure is { } failure)
            {
                var delay = Backoff.NextDelay();
                Log.Failed(logger, failure.BatchId, failure.Status, failure.Detail, Backoff.Failures, delay, Backlog);
                await WaitAsync(delay, wakeable: false, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt: null when the outbox is empty, else whether the oldest batch was acknowledged.</summary>
    public async Task<bool?> TryUploadOldestAsync(CancellationToken ct)
    {
        var batch = await outbox.PeekOldestAsync(ct).ConfigureAwait(false);
        if (batch is null)
        {
            return null;
        }

        try
        {
            var response = await central.Client.UploadBatchAsync(batch.Batch, central.Options(clock, CallTimeout, ct)).ConfigureAwait(false);
            if (response.BatchId != batch.BatchId)
            {
                Log.WrongAck(logger, batch.BatchId, response.BatchId);
                LastFailure = (batch.BatchId, "WrongAck", "acknowledged another batch id");
                return false;
            }

            await outbox.AcknowledgeAsync(batch.BatchId, ct).ConfigureAwait(false);
            Backoff.Reset();
            Uploaded++;
            Log.Uploaded(logger, batch.BatchId, batch.Sequence, batch.SizeBytes, response.Duplicate ? " (duplicate)" : "", Backlog);
            return true;
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            LastFailure = (batch.BatchId, e.StatusCode.ToString(), e.Status.Detail);
            return false;
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            LastFailure = (batch.BatchId, "Unavailable", e.Message);
            return false;
        }
    }

    private async Task WaitAsync(TimeSpan delay, bool wakeable, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(delay, clock, cts.Token);
        var wake = wakeable ? _wake.WaitAsync(cts.Token) : Task.Delay(Timeout.Infinite, cts.Token);
        await Task.WhenAny(sleep, wake).ConfigureAwait(false);

        // Cancel the loser so a pending semaphore wait does not swallow a later Wake().
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(sleep, wake).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the loser, or shutdown
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
