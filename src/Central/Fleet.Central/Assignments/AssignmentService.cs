using System.Runtime.CompilerServices;
using Fleet.Central.Aggregators;
using Fleet.Central.Common;

namespace Fleet.Central.Assignments;

/// <summary>Computes a vehicle's assignment and follows it as servers come and go.</summary>
public sealed class AssignmentService(AggregatorRegistry registry, AssignmentChanges changes, TimeProvider time)
{
    /// <summary>How often a watcher re-checks even without a signal (belt and braces for missed changes).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long one read of the live servers serves every watcher. A change wakes all watching
    /// vehicles at once: they share one query instead of each running its own.</summary>
    public static readonly TimeSpan LiveServersReuse = TimeSpan.FromSeconds(1);

    private LiveServersRead? _lastRead;

    public async Task<VehicleAssignment> GetAsync(Guid vehicleId, VehicleAssignment? previous, CancellationToken cancellationToken)
    {
        var revision = changes.Revision;
        var live = await GetLiveServersAsync(revision, cancellationToken);
        var (primary, backup) = AssignmentPlanner.Choose(live, previous);
        return new VehicleAssignment(vehicleId, primary, backup, revision);
    }

    private async Task<IReadOnlyList<LiveServer>> GetLiveServersAsync(long revision, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = Volatile.Read(ref _lastRead);
        if (last is not null && last.Revision == revision && now - last.At < LiveServersReuse)
            return last.Servers;
        var servers = await registry.GetLiveServersAsync(cancellationToken);
        Volatile.Write(ref _lastRead, new LiveServersRead(revision, now, servers));
        return servers;
    }

    private sealed record LiveServersRead(long Revision, DateTimeOffset At, IReadOnlyList<LiveServer> Servers);

    /// <summary>The current assignment at once, then each time its servers change.</summary>
    public async IAsyncEnumerable<VehicleAssignment> WatchAsync(
        Guid vehicleId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = await GetAsync(vehicleId, null, cancellationToken);
        yield return current;
        var seen = current.Revision;
        while (!cancellationToken.IsCancellationRequested)
        {
            seen = await changes.WaitForChangeAsync(seen, RecheckInterval, cancellationToken);
            var next = await GetAsync(vehicleId, current, cancellationToken);
            if (next.SameServersAs(current))
                continue;
            // A change noticed by the re-check (no signal yet) still gets a newer revision.
            current = next with { Revision = Math.Max(next.Revision, current.Revision + 1) };
            yield return current;
        }
    }
}
