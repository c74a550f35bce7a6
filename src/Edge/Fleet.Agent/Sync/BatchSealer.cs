using Fleet.Agent.Outbox;
using Microsoft.Extensions.Hosting;

namespace Fleet.Agent.Sync;

/// <summary>Every batch interval: seal pending samples into one batch, enforce the disk bound, wake the uploader.</summary>
public sealed class BatchSealer(SqliteOutbox outbox, BatchUploader uploader, TimeSpan interval, TimeProvider clock) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunSealAsync(stoppingToken);

    public async Task RunSealAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                await SealOnceAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Final seal so samples taken before shutdown are not held back until the next start.
            await SealOnceAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task SealOnceAsync(CancellationToken ct)
    {
        if (await outbox.SealAsync(ct).ConfigureAwait(false) is not null)
        {
            await outbox.EnforceBoundAsync(ct).ConfigureAwait(false);
            uploader.Wake();
        }
    }
}
