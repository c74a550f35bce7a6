using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Tenancy;

/// <summary>A vehicle that the caller's tenant owns. Only <see cref="TenantVehicles"/> creates one, and every
/// query over a vehicle's data (positions, tracks, trips, SIMs …) takes one instead of a bare id: so the
/// ownership check cannot be forgotten by an endpoint.</summary>
public sealed class OwnedVehicle
{
    internal OwnedVehicle(Vehicle vehicle, Guid tenantId)
    {
        Vehicle = vehicle;
        TenantId = tenantId;
    }

    public Vehicle Vehicle { get; }
    public Guid Id => Vehicle.Id;
    public Guid TenantId { get; }
}

/// <summary>The one place that decides which vehicles a tenant sees.</summary>
public sealed class TenantVehicles(IDbContextFactory<FleetDbContext> contexts)
{
    /// <summary>The tenant's vehicles; the operator's own fleet (tenant_id NULL) belongs to no tenant.</summary>
    public static IQueryable<Vehicle> OwnedBy(IQueryable<Vehicle> vehicles, Guid tenantId) =>
        vehicles.Where(v => v.TenantId == tenantId);

    /// <summary>Another tenant's vehicle answers exactly like a vehicle that does not exist (404), so a key
    /// cannot probe which ids are in use.</summary>
    public async Task<Outcome<OwnedVehicle>> FindAsync(ApiCaller caller, Guid vehicleId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vehicle = await OwnedBy(db.Vehicles.AsNoTracking(), caller.TenantId)
            .SingleOrDefaultAsync(v => v.Id == vehicleId, cancellationToken);
        return vehicle is null
            ? Failure.NotFound($"Vehicle {vehicleId} not found.")
            : new OwnedVehicle(vehicle, caller.TenantId);
    }

    public async Task<IReadOnlyList<Vehicle>> ListAsync(
        ApiCaller caller, string? afterName, int limit, Func<IQueryable<Vehicle>, IQueryable<Vehicle>>? filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = OwnedBy(db.Vehicles.AsNoTracking(), caller.TenantId);
        if (filter is not null)
            query = filter(query);
        if (afterName is not null)
            query = query.Where(v => string.Compare(v.Name, afterName) > 0);
        return await query.OrderBy(v => v.Name).Take(limit).ToListAsync(cancellationToken);
    }
}
