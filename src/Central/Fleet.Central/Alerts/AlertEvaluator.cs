using Fleet.Central.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Alerts;

/// <summary>Evaluates every rule each Alerts:EvaluationIntervalSeconds and reconciles the alert table.
/// A rule that fails is logged and skipped for that round; its live alerts stay as they were (not resolved
/// because the check could not run). Nothing a round throws ends the loop: only the host's stop does, and
/// whatever fails while the host is stopping (services already disposed) ends it quietly.</summary>
public sealed partial class AlertEvaluator(
    IEnumerable<IAlertRule> rules,
    AlertStore store,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    // Never disposed: SemaphoreSlim holds no OS handle unless AvailableWaitHandle is used, and disposing it
    // made an evaluation started during shutdown (or by a caller after it) throw ObjectDisposedException.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunEvaluatorAsync(stoppingToken);

    private async Task RunEvaluatorAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.EvaluationIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await EvaluateOnceAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Includes cancellations that are not ours (a timeout inside a rule or the store).
                    LogRoundFailed(logger, ex);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: cancellation, or a dependency disposed under an evaluation still in flight.
        }
    }

    /// <summary>One evaluation of every rule (the loop's body; tests and an admin "evaluate now" call it).</summary>
    public async Task<IReadOnlyDictionary<string, ReconcileResult>> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var results = new Dictionary<string, ReconcileResult>();
            foreach (var rule in rules)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var conditions = await rule.EvaluateAsync(time.GetUtcNow(), cancellationToken);
                    results[rule.Kind] = await store.ReconcileAsync(rule.Kind, conditions, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogRuleFailed(logger, rule.Kind, ex);
                }
            }
            return results;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
