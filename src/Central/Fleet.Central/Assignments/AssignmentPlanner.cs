namespace Fleet.Central.Assignments;

/// <summary>Chooses a vehicle's primary and backup server. Sticky: a vehicle keeps a server that is still
/// live and not draining, because moving it tears down its tunnels; when its primary dies (or is shedding
/// load) the backup takes over, since the agent already knows it; gaps are filled with the best server
/// (same region as the vehicle first, then least loaded).</summary>
public static class AssignmentPlanner
{
    /// <param name="pool">The servers, with the primaries already counted; updated with the choice.</param>
    /// <param name="region">The vehicle's region, null when unknown.</param>
    /// <param name="primary">The current primary, if any.</param>
    /// <param name="backup">The current backup, if any.</param>
    /// <param name="shedPrimary">The current primary is overloaded and this vehicle must leave it.</param>
    public static (Guid? Primary, Guid? Backup) Choose(
        ServerPool pool, string? region, Guid? primary, Guid? backup, bool shedPrimary = false)
    {
        Guid? newPrimary = primary is not null && pool.CanKeep(primary) && !shedPrimary ? primary : null;
        Guid? newBackup = backup is not null && pool.CanKeep(backup) && backup != newPrimary ? backup : null;
        if (newPrimary is null && newBackup is not null && pool.Get(newBackup)!.CanTake)
        {
            // The backup exists for exactly this: promote it rather than move the vehicle twice.
            newPrimary = newBackup;
            newBackup = null;
        }
        newPrimary ??= pool.Best(region, except: shedPrimary ? primary : null)?.Server.Id;
        newBackup ??= pool.Best(region, except: newPrimary)?.Server.Id;
        if (newBackup == newPrimary)
            newBackup = null;
        pool.MovePrimary(primary, newPrimary);
        return (newPrimary, newBackup);
    }
}
