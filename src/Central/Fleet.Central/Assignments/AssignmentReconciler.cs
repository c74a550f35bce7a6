using Fleet.Central.Aggregators;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Assignments;

/// <summary>Keeps every stored assignment valid: when a server stops heartbeating (the liveness monitor
/// signals it), drains or overloads, its vehicles move to their backups and get a new backup; vehicles
/// without a primary or backup get one when a server appears. Runs on every change signal and every
/// Assignments:ReconcileIntervalSeconds; changed vehicles' watch streams are woken directly.</summary>
public sealed partial class AssignmentReconciler(
    AssignmentStore store,
    AssignmentWatchers watchers,
    AggregatorRegistry registry,
    AssignmentChanges changes,
    IOptions<AssignmentOptions> options,
    IOptions<AggregatorOptions> aggregatorOptions,
    ILogger<AssignmentReconciler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunReconcilerAsync(stoppingToken);

    private async Task RunReconcilerAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var seen = changes.Revision;
                try
                {
                    await ReconcileAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogFailed(logger, ex);
                }
                await changes.WaitForChangeAsync(seen, options.Value.ReconcileInterval, cancellationToken);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (cancellation, or a dependency disposed under a pass still in flight).
        }
    }

    /// <summary>One pass over all stored assignments; returns the vehicles whose assignment changed.</summary>
    public async Task<IReadOnlyList<Guid>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var servers = await registry.GetServerStatesAsync(cancellationToken);
        var rows = await store.GetAllAsync(cancellationToken);
        var counts = rows.Where(r => r.PrimaryServerId is not null)
            .GroupBy(r => r.PrimaryServerId!.Value)
            .ToDictionary(g => g.Key, g => g.Count());
        var pool = new ServerPool(servers, counts);
        var shed = ChooseVehiclesToShed(servers, rows, counts);

        var updates = new List<AssignmentUpdate>();
        foreach (var row in rows)
        {
            var region = AssignmentService.RegionOf(options.Value, row.PinnedRegion, row.LastLatitude, row.LastLongitude);
            var (primary, backup) = AssignmentPlanner.Choose(
                pool, region, row.PrimaryServerId, row.BackupServerId, shed.Contains(row.VehicleId));
            if (primary != row.PrimaryServerId || backup != row.BackupServerId)
                updates.Add(new AssignmentUpdate(row.VehicleId, primary, backup, row.Revision));
        }
        var updated = await store.UpdateAsync(updates, cancellationToken);
        if (updated.Count > 0)
        {
            watchers.Notify(updated);
            LogReassigned(logger, updated.Count, servers.Count(s => s.CanTake));
        }
        return updated;
    }

    /// <summary>Vehicles to move off overloaded servers: those above the overload mark, newest id first,
    /// so the server keeps as many of its vehicles as it can carry.</summary>
    private HashSet<Guid> ChooseVehiclesToShed(
        IReadOnlyList<ServerState> servers, List<StoredAssignment> rows, Dictionary<Guid, int> counts)
    {
        var shed = new HashSet<Guid>();
        foreach (var server in servers.Where(s => s.Live && s.Overloaded && s.Server.CapacitySessions > 0))
        {
            // Keep strictly below the mark (capacity × ratio), so the server stops being overloaded.
            var keep = (int)Math.Ceiling(server.Server.CapacitySessions * aggregatorOptions.Value.OverloadRatio) - 1;
            var excess = counts.GetValueOrDefault(server.Server.Id) - Math.Max(keep, 0);
            if (excess <= 0)
                continue;
            foreach (var row in rows.Where(r => r.PrimaryServerId == server.Server.Id)
                         .OrderByDescending(r => r.VehicleId).Take(excess))
                shed.Add(row.VehicleId);
        }
        return shed;
    }
}
