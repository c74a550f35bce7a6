using Fleet.Central.Aggregators;

namespace Fleet.Central.Assignments;

/// <summary>Chooses primary and backup servers. Sticky: a vehicle keeps a server that is still live, because
/// moving a vehicle tears down its tunnels; gaps are filled with the least-loaded live servers.</summary>
public static class AssignmentPlanner
{
    /// <param name="liveServers">Live servers, least loaded first.</param>
    /// <param name="previous">What the vehicle has now, if anything.</param>
    public static (LiveServer? Primary, LiveServer? Backup) Choose(
        IReadOnlyList<LiveServer> liveServers, VehicleAssignment? previous)
    {
        LiveServer? Live(Guid? id) => id is null ? null : liveServers.FirstOrDefault(s => s.Id == id);

        var primary = Live(previous?.Primary?.Id);
        var backup = Live(previous?.Backup?.Id);
        if (primary is null && backup is not null)
        {
            // The backup exists for exactly this: promote it rather than move the vehicle twice.
            primary = backup;
            backup = null;
        }
        primary ??= liveServers.FirstOrDefault();
        if (backup is null || backup.Id == primary?.Id)
            backup = liveServers.FirstOrDefault(s => s.Id != primary?.Id);
        return (primary, backup);
    }
}
