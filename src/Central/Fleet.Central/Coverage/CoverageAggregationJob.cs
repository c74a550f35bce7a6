using Microsoft.Extensions.Options;

namespace Fleet.Central.Coverage;

/// <summary>Runs the incremental coverage aggregation every Coverage:AggregationIntervalSeconds.</summary>
public sealed partial class CoverageAggregationJob(
    CoverageAggregator aggregator, IOptions<CoverageOptions> options, TimeProvider time, ILogger<CoverageAggregationJob> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAggregationAsync(stoppingToken);

    private async Task RunAggregationAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.AggregationIntervalSeconds), time);
        try
        {
            do
            {
                try
                {
                    await aggregator.CatchUpAsync(cancellationToken);
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
