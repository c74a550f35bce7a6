namespace Fleet.Central.Alerts.Data;

/// <summary>One occurrence of a condition (vehicle offline, link down, SIM run-out, server down). While it
/// is open or acknowledged, its <see cref="DedupKey"/> is unique (a partial unique index), so a condition
/// that persists across evaluations updates <see cref="LastSeenAt"/> instead of raising a new alert.</summary>
public sealed class Alert
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string DedupKey { get; set; }
    public AlertSeverity Severity { get; set; }
    public AlertStatus Status { get; set; }
    public Guid? TenantId { get; set; }
    public Guid? VehicleId { get; set; }
    public Guid? SimId { get; set; }
    public Guid? ServerId { get; set; }
    public required string Title { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
