using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Fleet.Central.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Enrollment;

/// <summary>Issues one-time enrollment tokens. The vehicle is created on first use of its name; a new
/// token for an existing name re-enrolls that vehicle (e.g. a replaced edge box).</summary>
public sealed partial class EnrollmentTokenService(
    IDbContextFactory<FleetDbContext> contexts,
    IOptions<EnrollmentOptions> options,
    TimeProvider time,
    ILogger<EnrollmentTokenService> logger)
{
    public const string TokenPrefix = "fet_";
    public const int MaxVehicleNameLength = 200;

    public async Task<Outcome<IssuedEnrollmentToken>> IssueAsync(
        string? vehicleName, int? ttlMinutes, CancellationToken cancellationToken)
    {
        var name = vehicleName?.Trim() ?? "";
        if (name.Length == 0)
            return Failure.Invalid("vehicleName is required.");
        if (name.Length > MaxVehicleNameLength)
            return Failure.Invalid($"vehicleName is longer than {MaxVehicleNameLength} characters.");
        var limits = options.Value;
        var ttl = ttlMinutes ?? limits.DefaultTokenTtlMinutes;
        if (ttl < 1 || ttl > limits.MaxTokenTtlMinutes)
            return Failure.Invalid($"ttlMinutes must be between 1 and {limits.MaxTokenTtlMinutes}.");

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vehicle = await FindOrCreateVehicleAsync(db, name, now, cancellationToken);

        var token = Secrets.Generate(TokenPrefix);
        var row = new EnrollmentToken
        {
            Id = Guid.CreateVersion7(now),
            VehicleId = vehicle.Id,
            TokenHash = Secrets.Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(ttl),
        };
        db.EnrollmentTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        LogIssued(logger, vehicle.Name, vehicle.Id, row.ExpiresAt);
        return new IssuedEnrollmentToken(token, vehicle.Id, vehicle.Name, row.ExpiresAt);
    }

    /// <summary>The newest tokens first, with their vehicle and status (the token itself is never stored).</summary>
    public async Task<IReadOnlyList<EnrollmentTokenView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.EnrollmentTokens.AsNoTracking()
            .OrderByDescending(t => t.CreatedAt)
            .Take(Math.Clamp(limit, 1, 1000))
            .Join(db.Vehicles, t => t.VehicleId, v => v.Id, (t, v) => new { Token = t, VehicleName = v.Name })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(r => r.Token.CreatedAt)
            .Select(r => new EnrollmentTokenView(r.Token.Id, r.Token.VehicleId, r.VehicleName, r.Token.CreatedAt,
                r.Token.ExpiresAt, r.Token.UsedAt, r.Token.DeviceId, StatusOf(r.Token, now)))
            .ToList();
    }

    /// <summary>Revokes an open token: it expires at the moment it was created. No issued token has a zero
    /// lifetime (ttlMinutes ≥ 1), so the list can tell a revoked token from an expired one without a column,
    /// and enrollment refuses it as expired. A used or expired token stays as it is (nothing left to revoke).</summary>
    public async Task<Outcome<EnrollmentTokenStatus>> RevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Conditional on still being open: an agent enrolling at this moment either wins (used) or is refused.
        var revoked = await db.EnrollmentTokens
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ExpiresAt, t => t.CreatedAt), cancellationToken);
        var token = await db.EnrollmentTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null)
            return Failure.NotFound($"Enrollment token {tokenId} does not exist.");
        if (revoked > 0)
            LogRevoked(logger, tokenId, token.VehicleId);
        return StatusOf(token, now);
    }

    internal static EnrollmentTokenStatus StatusOf(EnrollmentToken token, DateTimeOffset now) =>
        token.UsedAt is not null ? EnrollmentTokenStatus.Used
        : token.ExpiresAt <= token.CreatedAt ? EnrollmentTokenStatus.Revoked
        : token.ExpiresAt <= now ? EnrollmentTokenStatus.Expired
        : EnrollmentTokenStatus.Open;

    private static async Task<Vehicle> FindOrCreateVehicleAsync(
        FleetDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // INSERT … ON CONFLICT keeps two admins issuing tokens for the same new vehicle from colliding.
        var id = Guid.CreateVersion7(now);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO vehicles (id, name, created_at) VALUES ({id}, {name}, {now}) ON CONFLICT (name) DO NOTHING",
            cancellationToken);
        return await db.Vehicles.AsNoTracking().SingleAsync(v => v.Name == name, cancellationToken);
    }
}
