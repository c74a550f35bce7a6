namespace Fleet.Central.Data.Entities;

/// <summary>A train or bus that carries (or will carry) an edge box.</summary>
public sealed class Vehicle
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The customer (tenant) the vehicle belongs to; null = the operator's own fleet.</summary>
    public Guid? TenantId { get; set; }

    // Denormalised last known fix, kept current by telemetry ingest so the live map reads one row per
    // vehicle instead of searching the (very large) positions history.
    public DateTimeOffset? LastPositionAt { get; set; }
    public double? LastLatitude { get; set; }
    public double? LastLongitude { get; set; }
    public float? LastSpeedMps { get; set; }
    public float? LastCourseDeg { get; set; }
}
