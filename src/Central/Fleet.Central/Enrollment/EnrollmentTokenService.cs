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
