namespace Fleet.Central.Data.Entities;

/// <summary>One uploaded telemetry batch. The agent-chosen batch id is the primary key, which makes uploads
/// idempotent: a retried upload finds the row and is answered as a duplicate.</summary>
public sealed class TelemetryBatch
{
    public Guid BatchId { get; set; }
    public Guid DeviceId { get; set; }
    public Guid VehicleId { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset StartAt { get; set; }
    public DateTimeOffset EndAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public int PositionCount { get; set; }
    public int LinkSampleCount { get; set; }
    public int HealthSampleCount { get; set; }
    public required string AgentVersion { get; set; }
}
