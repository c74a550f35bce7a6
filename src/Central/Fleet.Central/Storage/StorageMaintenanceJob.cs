using Microsoft.Extensions.Options;

namespace Fleet.Central.Storage;

/// <summary>Keeps daily partitions created ahead of time and applies retention, at startup and then every
/// Storage:MaintenanceIntervalMinutes. A failed pass is logged and retried at the next tick.</summary>
public sealed partial class StorageMaintenanceJob(
    PartitionManager partitions,
    RetentionService retention,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageMaintenanceJob> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunMaintenanceAsync(stoppingToken);

    private async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, time);
        try
        {
            do
            {
                await RunOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (cancellation, or a dependency disposed under a pass still in flight).
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var today = SampleTables.UtcDay(time.GetUtcNow());
            await partitions.EnsureRangeAsync(today.AddDays(-1), today.AddDays(options.Value.PartitionDaysAhead), cancellationToken);
            var result = await retention.RunAsync(time.GetUtcNow(), cancellationToken);
            if (result.DroppedDays.Count > 0)
                LogRetention(logger, result.DroppedDays.Count, result.DownsampledPoints);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
        }
    }
}
