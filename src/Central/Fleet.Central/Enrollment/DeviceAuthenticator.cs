using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Security;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Enrollment;

/// <summary>Resolves the device credentials every agent call carries (device id + bearer secret).</summary>
public sealed class DeviceAuthenticator(IDbContextFactory<FleetDbContext> contexts)
{
    public const string DeviceIdHeader = "x-fleet-device-id";

    public async Task<Outcome<DeviceIdentity>> AuthenticateAsync(
        string? deviceId, string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(deviceId))
            return Failure.Unauthenticated($"missing {DeviceIdHeader} metadata: enroll first and send the device id");
        var secret = Secrets.ParseBearer(authorization);
        if (secret is null)
            return Failure.Unauthenticated("missing 'authorization: Bearer <device secret>' metadata");
        if (!Guid.TryParse(deviceId, out var id))
            return Failure.Unauthenticated("device id or secret not recognised");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { d.VehicleId, d.SecretHash })
            .SingleOrDefaultAsync(cancellationToken);
        // One message for both cases: do not tell a caller which device ids exist.
        if (device is null || !Secrets.Matches(secret, device.SecretHash))
            return Failure.Unauthenticated("device id or secret not recognised");
        return new DeviceIdentity(id, device.VehicleId);
    }
}
