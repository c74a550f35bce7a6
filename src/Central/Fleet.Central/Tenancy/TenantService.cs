using Fleet.Central.Common;
using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fleet.Central.Tenancy;

/// <summary>Tenants and which vehicles belong to them (admin operations).</summary>
public sealed partial class TenantService(
    IDbContextFactory<FleetDbContext> contexts, TimeProvider time, ILogger<TenantService> logger)
{
    public const int MaxNameLength = 200;

    public async Task<Outcome<TenantResponse>> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            return Failure.Invalid("name is required.");
        if (trimmed.Length > MaxNameLength)
            return Failure.Invalid($"name is longer than {MaxNameLength} characters.");
        var now = time.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Name = trimmed, CreatedAt = now };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Failure(FailureKind.Conflict, $"A tenant named '{trimmed}' already exists.");
        }
        LogCreated(logger, tenant.Name, tenant.Id);
        return new TenantResponse(tenant.Id, tenant.Name, tenant.CreatedAt);
    }

    public async Task<TenantResponse[]> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Tenant>().AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TenantResponse(t.Id, t.Name, t.CreatedAt))
            .ToArrayAsync(cancellationToken);
    }

    /// <summary>Moves a vehicle to a tenant, or back to the operator's own fleet (null).</summary>
    public async Task<Outcome<bool>> AssignVehicleAsync(Guid vehicleId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (tenantId is { } id && !await db.Set<Tenant>().AnyAsync(t => t.Id == id, cancellationToken))
            return Failure.Invalid($"Tenant {id} does not exist.");
        var updated = await db.Vehicles.Where(v => v.Id == vehicleId)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.TenantId, tenantId), cancellationToken);
        if (updated == 0)
            return Failure.NotFound($"Vehicle {vehicleId} does not exist.");
        LogAssigned(logger, vehicleId, tenantId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Name} created ({TenantId})")]
    private static partial void LogCreated(ILogger logger, string name, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} assigned to tenant {TenantId}")]
    private static partial void LogAssigned(ILogger logger, Guid vehicleId, Guid? tenantId);
}
