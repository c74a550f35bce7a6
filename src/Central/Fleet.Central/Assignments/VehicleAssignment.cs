using Fleet.Central.Aggregators;

namespace Fleet.Central.Assignments;

/// <summary>Which aggregation servers a vehicle tunnels to. Both null when no server is live.</summary>
public sealed record VehicleAssignment(Guid VehicleId, LiveServer? Primary, LiveServer? Backup, long Revision)
{
    public bool SameServersAs(VehicleAssignment? other) =>
        other is not null && Primary?.Id == other.Primary?.Id && Backup?.Id == other.Backup?.Id;
}
