using Fleet.Central.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Alerts;

/// <summary>Evaluates every rule each Alerts:EvaluationIntervalSeconds and reconciles the alert table.
/// A rule that fails is logged and skipped for that round; its live alerts stay as they were (not resolved
/// because the check could not run).</summary>
public sealed partial class AlertEvaluator(
    IEnumerable<IAlertRule> rules,
    AlertStore store,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunEvaluatorAsync(stoppingToken);

    private async Task RunEvaluatorAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.EvaluationIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await EvaluateOnceAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
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
                try
                {
                    var conditions = await rule.EvaluateAsync(time.GetUtcNow(), cancellationToken);
                    results[rule.Kind] = await store.ReconcileAsync(rule.Kind, conditions, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
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

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }
}
