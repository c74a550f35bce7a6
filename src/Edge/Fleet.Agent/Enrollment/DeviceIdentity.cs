using Fleet.Grpc;

namespace Fleet.Agent.Enrollment;

/// <summary>What enrollment gave this box; persisted in stateDir/identity.json (mode 0600). <see cref="TunnelAddress"/>
/// is the inner address central allotted ("100.64.0.7/32"); identities from before central allotted them have none.</summary>
public sealed record DeviceIdentity(
    string DeviceId,
    string DeviceSecret,
    string VehicleId,
    string VehicleName,
    string TunnelPrivateKeyPkcs8,
    string TunnelPublicKeySpki,
    string? TunnelAddress = null)
{
    /// <summary>Headers every call after enrollment carries.</summary>
    public Metadata CallHeaders() => new()
    {
        { "x-fleet-device-id", DeviceId },
        { "authorization", "Bearer " + DeviceSecret },
    };
}
