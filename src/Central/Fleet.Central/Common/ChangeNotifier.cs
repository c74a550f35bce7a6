namespace Fleet.Central.Common;

/// <summary>An in-process "something changed" signal with a monotonic revision. Watchers remember the
/// revision they last acted on and wait for a newer one, so no change between two waits is lost.
/// Revisions start at the wall clock in milliseconds so they keep growing across restarts.</summary>
public class ChangeNotifier(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _revision = time.GetUtcNow().ToUnixTimeMilliseconds();
    private TaskCompletionSource _next = NewSignal();

    public long Revision
    {
        get { lock (_gate) return _revision; }
    }

    public void NotifyChanged()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _revision = Math.Max(_revision + 1, time.GetUtcNow().ToUnixTimeMilliseconds());
            fired = _next;
            _next = NewSignal();
        }
        fired.TrySetResult();
    }

    /// <summary>Completes when the revision is newer than <paramref name="seenRevision"/>, or after
    /// <paramref name="timeout"/> (so callers can also re-check time-based state); returns the revision.</summary>
    public async Task<long> WaitForChangeAsync(long seenRevision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_revision > seenRevision)
                return _revision;
            signal = _next.Task;
        }
        try
        {
            await signal.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A timeout is a normal wake-up: the caller re-checks its state.
        }
        return Revision;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
