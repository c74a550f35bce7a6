using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Rules;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Tests.Alerts;

/// <summary>The evaluator loop itself (a second instance over the fixture's real store, 1 s interval): a failing
/// round never ends it, and stopping it mid-round ends it cleanly whatever the round throws.</summary>
public sealed class AlertEvaluatorLoopTests(AlertsCentral fixture) : IClassFixture<AlertsCentral>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>Throws what a rule or the store can throw outside the evaluator's control.</summary>
    private sealed class ThrowingRule(Func<int, CancellationToken, Task> onCall) : IAlertRule
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public string Kind => "test_throwing";

        public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            await onCall(Interlocked.Increment(ref _calls), cancellationToken);
            return [];
        }
    }

    private AlertEvaluator NewEvaluator(IAlertRule rule) => new(
        [rule], fixture.Central.App.Services.GetRequiredService<AlertStore>(),
        Options.Create(new AlertOptions { EvaluationIntervalSeconds = 1 }), TimeProvider.System, NullLogger<AlertEvaluator>.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task RunLoop_RoundsThrowForeignCancellationAndDisposed_KeepsRunningThenStopsCleanly()
    {
        // A timeout inside a rule surfaces as an OperationCanceledException that is not the host's; a
        // disposed dependency as ObjectDisposedException. Neither may end (or fault) the loop.
        var rule = new ThrowingRule((call, _) => call % 2 == 1
            ? throw new TaskCanceledException("HTTP request timed out")
            : throw new ObjectDisposedException("NpgsqlDataSource"));
        using var evaluator = NewEvaluator(rule);
        await evaluator.StartAsync(default);

        await WaitUntilAsync(() => rule.Calls >= 3);
        Assert.False(evaluator.ExecuteTask!.IsCompleted);

        await evaluator.StopAsync(default);
        Assert.True(evaluator.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopAsync_RoundInFlightThrowsDisposedOnShutdown_LoopEndsWithoutFault()
    {
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rule = new ThrowingRule(async (_, cancellationToken) =>
        {
            inFlight.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // What the crash looked like: the host disposing services under a running evaluation.
                throw new ObjectDisposedException("NpgsqlDataSource");
            }
        });
        using var evaluator = NewEvaluator(rule);
        await evaluator.StartAsync(default);
        await inFlight.Task.WaitAsync(Generous);

        await evaluator.StopAsync(default);

        Assert.True(evaluator.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(1, rule.Calls);
    }
}
