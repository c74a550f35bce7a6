namespace Fleet.Central.Assignments;

/// <summary>A vehicle's persisted assignment (table vehicle_assignments): survives restarts, so vehicles keep
/// their servers (sticky) and a central that comes back pushes the same answer it gave before.</summary>
public sealed class AssignmentRecord
{
    public Guid VehicleId { get; set; }
    public Guid? PrimaryServerId { get; set; }
    public Guid? BackupServerId { get; set; }

    /// <summary>A region set by an operator; null = derived from the vehicle's last position.</summary>
    public string? Region { get; set; }

    /// <summary>Grows by one on every change; agents ignore an assignment older than the one they hold.</summary>
    public long Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
