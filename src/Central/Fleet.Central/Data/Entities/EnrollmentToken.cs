namespace Fleet.Central.Data.Entities;

/// <summary>A one-time token an agent exchanges for a device identity. Only its SHA-256 hash is stored.</summary>
public sealed class EnrollmentToken
{
    public Guid Id { get; set; }
    public Guid VehicleId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public Guid? DeviceId { get; set; }
}
