using Fleet.Central.Assignments;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Aggregators;

/// <summary>Heartbeats that stop arriving change no row, so something has to notice the silence: this loop
/// compares the live server set every few seconds and signals assignment watchers when it changes.</summary>
public sealed partial class ServerLivenessMonitor(
    AggregatorRegistry registry,
    AssignmentChanges changes,
    IOptions<AggregatorOptions> options,
    TimeProvider time,
    ILogger<ServerLivenessMonitor> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunMonitorAsync(stoppingToken);

    private async Task RunMonitorAsync(CancellationToken cancellationToken)
    {
        var known = new HashSet<Guid>();
        using var timer = new PeriodicTimer(options.Value.LivenessCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var live = (await registry.GetLiveServersAsync(cancellationToken)).Select(s => s.Id).ToHashSet();
                    if (!live.SetEquals(known))
                    {
                        LogLiveSetChanged(logger, live.Count);
                        known = live;
                        changes.NotifyChanged();
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogCheckFailed(logger, ex);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (cancellation, or a dependency disposed under a pass still in flight).
        }
    }
}
