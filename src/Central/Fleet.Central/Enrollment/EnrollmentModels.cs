namespace Fleet.Central.Enrollment;

/// <summary>A freshly issued enrollment token. <see cref="Token"/> is shown once and never stored.</summary>
public sealed record IssuedEnrollmentToken(string Token, Guid VehicleId, string VehicleName, DateTimeOffset ExpiresAt);

/// <summary>What an agent presents when it enrolls.</summary>
public sealed record DeviceEnrollmentRequest(
    string EnrollmentToken, string HardwareId, string Hostname, string AgentVersion, byte[] TunnelPublicKey);

/// <summary>The identity handed to an enrolled device. <see cref="DeviceSecret"/> is shown once.</summary>
public sealed record EnrolledDevice(Guid DeviceId, string DeviceSecret, Guid VehicleId, string VehicleName, string TunnelAddress);

/// <summary>An authenticated device, resolved from the credentials on a call.</summary>
public sealed record DeviceIdentity(Guid DeviceId, Guid VehicleId);

public enum EnrollmentTokenStatus
{
    /// <summary>Not used yet and not expired: an agent can still enroll with it.</summary>
    Open,
    /// <summary>An agent enrolled with it.</summary>
    Used,
    /// <summary>Its lifetime ran out unused.</summary>
    Expired,
    /// <summary>An administrator withdrew it unused.</summary>
    Revoked,
}

/// <summary>An issued enrollment token as administrators see it (never the token itself).</summary>
public sealed record EnrollmentTokenView(
    Guid Id, Guid VehicleId, string VehicleName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt, Guid? DeviceId, EnrollmentTokenStatus Status);
