namespace Fleet.Central.Data.Entities;

/// <summary>One edge box health reading (temperatures, load, disk, outbox backlog), as the health_samples
/// view shows it: stored compactly in health_series (arrays per vehicle, batch and day).</summary>
public sealed class HealthSample
{
    public Guid VehicleId { get; set; }
    public Guid BatchId { get; set; }
    public DateTimeOffset Time { get; set; }
    public float? CpuTempC { get; set; }
    public float? SsdTempC { get; set; }
    public int? CpuLoadPermille { get; set; }
    public int? MemUsedPermille { get; set; }
    public long? DiskFreeMb { get; set; }
    public short? SmartOk { get; set; }
    public int? OutboxBacklog { get; set; }
}
