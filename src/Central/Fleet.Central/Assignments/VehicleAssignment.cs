using Fleet.Central.Aggregators;

namespace Fleet.Central.Assignments;

/// <summary>Which aggregation servers a vehicle tunnels to. Both null when no server is live.</summary>
public sealed record VehicleAssignment(Guid VehicleId, LiveServer? Primary, LiveServer? Backup, long Revision)
{
    /// <summary>Same servers, reachable the same way (a re-registered server may have new endpoints or key).</summary>
    public bool SameServersAs(VehicleAssignment? other) =>
        other is not null && Same(Primary, other.Primary) && Same(Backup, other.Backup);

    private static bool Same(LiveServer? a, LiveServer? b) =>
        a?.Id == b?.Id &&
        (a is null || (a.Endpoints.SequenceEqual(b!.Endpoints) && a.PublicKey.AsSpan().SequenceEqual(b.PublicKey)));
}
