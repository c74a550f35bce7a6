using Microsoft.Extensions.Options;

namespace Fleet.Central.Finance;

/// <summary>Runs the usage aggregation every Finance:UsageIntervalSeconds.</summary>
public sealed partial class SimUsageJob(
    SimUsageAggregator aggregator, IOptions<FinanceOptions> options, TimeProvider time, ILogger<SimUsageJob> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunUsageAggregationAsync(stoppingToken);

    private async Task RunUsageAggregationAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UsageIntervalSeconds), time);
        try
        {
            do
            {
                try
                {
                    await aggregator.RunOnceAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogRunFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (cancellation, or a dependency disposed under a pass still in flight).
        }
    }
}
