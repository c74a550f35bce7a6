namespace Fleet.Central.Data.Entities;

/// <summary>An enrolled edge box. Authenticates with its device id and a secret whose hash is stored here.</summary>
public sealed class Device
{
    public Guid Id { get; set; }
    public Guid VehicleId { get; set; }
    public required byte[] SecretHash { get; set; }
    public required byte[] TunnelPublicKey { get; set; }

    /// <summary>Inner tunnel address given at enrollment ("100.64.0.7/32"); null for devices enrolled before pools existed.</summary>
    public string? TunnelAddress { get; set; }
    public required string HardwareId { get; set; }
    public required string Hostname { get; set; }
    public required string AgentVersion { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
}
