using Fleet.Central.Aggregators;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Fleet.Central.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Enrollment;

/// <summary>Exchanges a one-time enrollment token for a device identity.</summary>
public sealed partial class EnrollmentService(
    IDbContextFactory<FleetDbContext> contexts,
    DeviceSetChanges deviceSetChanges,
    IOptions<EnrollmentOptions> options,
    TimeProvider time,
    ILogger<EnrollmentService> logger)
{
    public const string DeviceSecretPrefix = "fds_";
    public const int MaxPublicKeyBytes = 1024;
    public const int MaxTextLength = 200;

    // Validated at startup (EnrollmentExtensions), so parsing cannot fail here.
    private readonly TunnelAddressPool _pool = TunnelAddressPool.TryParse(options.Value.TunnelPool, out var pool, out _) ? pool : null!;

    public async Task<Outcome<EnrolledDevice>> EnrollAsync(DeviceEnrollmentRequest request, CancellationToken cancellationToken)
    {
        var invalid = Validate(request);
        if (invalid is not null)
            return invalid;

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokenHash = Secrets.Hash(request.EnrollmentToken.Trim());
        var token = await db.EnrollmentTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);
        if (token is null)
            return Failure.Unauthenticated("enrollment token not recognised: ask an administrator for a new one");
        var refused = EnrollmentTokenService.StatusOf(token, now) switch
        {
            EnrollmentTokenStatus.Used => AlreadyUsed(token.UsedAt!.Value),
            EnrollmentTokenStatus.Revoked => Failure.FailedPrecondition("enrollment token was revoked: ask an administrator for a new one"),
            EnrollmentTokenStatus.Expired => Failure.FailedPrecondition(
                $"enrollment token expired at {token.ExpiresAt:u}: ask an administrator for a new one"),
            _ => null,
        };
        if (refused is not null)
            return refused;

        var vehicle = await db.Vehicles.AsNoTracking().SingleAsync(v => v.Id == token.VehicleId, cancellationToken);
        var secret = Secrets.Generate(DeviceSecretPrefix);
        var device = new Device
        {
            Id = Guid.CreateVersion7(now),
            VehicleId = vehicle.Id,
            SecretHash = Secrets.Hash(secret),
            TunnelPublicKey = request.TunnelPublicKey,
            HardwareId = request.HardwareId.Trim(),
            Hostname = request.Hostname.Trim(),
            AgentVersion = request.AgentVersion.Trim(),
            EnrolledAt = now,
            LastSeenAt = now,
        };

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The conditional update is the claim: of two agents racing with one token, exactly one wins,
            // and a revoke (which moves the expiry back) that lands first leaves nothing to claim.
            var claimed = await db.EnrollmentTokens
                .Where(t => t.Id == token.Id && t.UsedAt == null && t.ExpiresAt > now)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now).SetProperty(t => t.DeviceId, device.Id),
                    cancellationToken);
            if (claimed == 0)
                return Failure.FailedPrecondition(
                    "enrollment token was used or revoked a moment ago: each token enrolls one device; ask an administrator for a new one");
            var number = await db.Database
                .SqlQuery<long>($"SELECT nextval('device_tunnel_address_seq') AS \"Value\"")
                .SingleAsync(cancellationToken);
            device.TunnelAddress = _pool.AddressAt(number);
            if (device.TunnelAddress is null)
                return Failure.FailedPrecondition(
                    $"the tunnel address pool {options.Value.TunnelPool} is exhausted: configure a larger Enrollment:TunnelPool");
            db.Devices.Add(device);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        deviceSetChanges.NotifyChanged();
        LogEnrolled(logger, device.Id, vehicle.Name, vehicle.Id, device.HardwareId);
        return new EnrolledDevice(device.Id, secret, vehicle.Id, vehicle.Name, device.TunnelAddress);
    }

    private static Failure AlreadyUsed(DateTimeOffset usedAt) =>
        Failure.FailedPrecondition(
            $"enrollment token already used (at {usedAt:u}): each token enrolls one device; ask an administrator for a new one");

    private static Failure? Validate(DeviceEnrollmentRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.EnrollmentToken))
            return Failure.Unauthenticated("enrollment token missing: pass the token an administrator issued");
        if (request.TunnelPublicKey.Length > MaxPublicKeyBytes)
            return Failure.Invalid($"tunnel_public_key is longer than {MaxPublicKeyBytes} bytes");
        if (request.HardwareId.Length > MaxTextLength || request.Hostname.Length > MaxTextLength)
            return Failure.Invalid($"hardware_id and hostname must be at most {MaxTextLength} characters");
        if (request.AgentVersion.Length > 100)
            return Failure.Invalid("agent_version must be at most 100 characters");
        return null;
    }
}
