using System.Runtime.CompilerServices;
using Fleet.Central.Aggregators;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Assignments;

/// <summary>A vehicle's assignment as stored in vehicle_assignments: created on first ask, then changed only
/// by the <see cref="AssignmentReconciler"/>, and followed by the vehicle's watch stream.</summary>
public sealed class AssignmentService(
    AssignmentStore store,
    AssignmentWatchers watchers,
    AggregatorRegistry registry,
    AssignmentChanges changes,
    IOptions<AssignmentOptions> options,
    TimeProvider time)
{
    /// <summary>How often a watcher re-reads its row without a signal (another central instance may have
    /// changed it).</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long one read of the server list serves every watcher: a failover wakes many vehicles
    /// at once and they share one query.</summary>
    public static readonly TimeSpan ServersReuse = TimeSpan.FromSeconds(1);

    private ServersRead? _lastRead;

    public async Task<VehicleAssignment> GetAsync(Guid vehicleId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(vehicleId, cancellationToken) ?? await CreateAsync(vehicleId, cancellationToken);
        return await ToAssignmentAsync(vehicleId, stored, cancellationToken);
    }

    /// <summary>The current assignment at once, then each time it changes.</summary>
    public async IAsyncEnumerable<VehicleAssignment> WatchAsync(
        Guid vehicleId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read the version before the row: a change landing in between shows up as a newer version.
        var version = watchers.VersionOf(vehicleId);
        var current = await GetAsync(vehicleId, cancellationToken);
        yield return current;
        while (!cancellationToken.IsCancellationRequested)
        {
            version = await watchers.WaitAsync(vehicleId, version, RecheckInterval, cancellationToken);
            var stored = await store.GetAsync(vehicleId, cancellationToken);
            var next = await ToAssignmentAsync(vehicleId, stored, cancellationToken);
            if (next.Revision == current.Revision && next.SameServersAs(current))
                continue;
            current = next;
            yield return current;
        }
    }

    /// <summary>The region a vehicle belongs to: pinned by an operator, else the configured area holding
    /// its last fix; null when neither is known.</summary>
    public static string? RegionOf(AssignmentOptions options, string? pinned, double? latitude, double? longitude)
    {
        if (!string.IsNullOrWhiteSpace(pinned))
            return pinned;
        if (latitude is not { } lat || longitude is not { } lon)
            return null;
        return options.Regions.FirstOrDefault(r => r.Contains(lat, lon))?.Name;
    }

    private async Task<StoredAssignment?> CreateAsync(Guid vehicleId, CancellationToken cancellationToken)
    {
        var fix = await store.GetVehicleFixAsync(vehicleId, cancellationToken);
        if (fix is null)
            return null;
        var pool = new ServerPool(
            await registry.GetServerStatesAsync(cancellationToken), await store.CountPrimariesAsync(cancellationToken));
        var region = RegionOf(options.Value, null, fix.Value.Latitude, fix.Value.Longitude);
        var (primary, backup) = AssignmentPlanner.Choose(pool, region, null, null);
        // Lost a race with a concurrent first watch of the same vehicle: its row wins, read it.
        await store.TryInsertAsync(vehicleId, primary, backup, cancellationToken);
        return await store.GetAsync(vehicleId, cancellationToken);
    }

    private async Task<VehicleAssignment> ToAssignmentAsync(Guid vehicleId, StoredAssignment? stored, CancellationToken cancellationToken)
    {
        if (stored is null)
            return new VehicleAssignment(vehicleId, null, null, 0);
        var servers = await GetServersAsync(cancellationToken);
        LiveServer? Find(Guid? id) => id is { } key && servers.TryGetValue(key, out var s) ? s : null;
        return new VehicleAssignment(vehicleId, Find(stored.PrimaryServerId), Find(stored.BackupServerId), stored.Revision);
    }

    private async Task<Dictionary<Guid, LiveServer>> GetServersAsync(CancellationToken cancellationToken)
    {
        var revision = changes.Revision;
        var now = time.GetUtcNow();
        var last = Volatile.Read(ref _lastRead);
        if (last is not null && last.Revision == revision && now - last.At < ServersReuse)
            return last.Servers;
        var servers = (await registry.GetServerStatesAsync(cancellationToken)).ToDictionary(s => s.Server.Id, s => s.Server);
        Volatile.Write(ref _lastRead, new ServersRead(revision, now, servers));
        return servers;
    }

    private sealed record ServersRead(long Revision, DateTimeOffset At, Dictionary<Guid, LiveServer> Servers);
}
