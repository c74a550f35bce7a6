namespace Fleet.Central.Assignments;

/// <summary>Wakes the watch streams of exactly the vehicles whose assignment changed. One global signal
/// would wake every connected vehicle (thousands) into a database read each time one server moves.
/// Versions per vehicle make the wait race-free: a change between a read and the next wait is not lost.</summary>
public sealed class AssignmentWatchers(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Entry> _entries = new();

    public long VersionOf(Guid vehicleId)
    {
        lock (_gate)
            return _entries.TryGetValue(vehicleId, out var entry) ? entry.Version : 0;
    }

    public void Notify(IEnumerable<Guid> vehicleIds)
    {
        var fired = new List<TaskCompletionSource>();
        lock (_gate)
        {
            foreach (var id in vehicleIds)
            {
                if (!_entries.TryGetValue(id, out var entry))
                {
                    _entries[id] = new Entry { Version = 1 };
                    continue;
                }
                entry.Version++;
                if (entry.Signal is { } signal)
                {
                    fired.Add(signal);
                    entry.Signal = null;
                }
            }
        }
        foreach (var signal in fired)
            signal.TrySetResult();
    }

    /// <summary>Completes when the vehicle's version passes <paramref name="seenVersion"/> or after
    /// <paramref name="timeout"/>; returns the version then.</summary>
    public async Task<long> WaitAsync(Guid vehicleId, long seenVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (!_entries.TryGetValue(vehicleId, out var entry))
                _entries[vehicleId] = entry = new Entry();
            if (entry.Version > seenVersion)
                return entry.Version;
            entry.Signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = entry.Signal.Task;
        }
        try
        {
            await signal.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A normal wake-up: the caller re-reads the stored assignment.
        }
        return VersionOf(vehicleId);
    }

    private sealed class Entry
    {
        public long Version;
        public TaskCompletionSource? Signal;
    }
}
