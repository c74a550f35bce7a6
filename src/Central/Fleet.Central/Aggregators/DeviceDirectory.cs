using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Aggregators;

/// <summary>The devices allowed to open tunnels, with their tunnel public keys.</summary>
public sealed class DeviceDirectory(IDbContextFactory<FleetDbContext> contexts, DeviceSetChanges changes)
{
    public async Task<DeviceKeySet> GetDeviceKeysAsync(CancellationToken cancellationToken)
    {
        // Read the revision first: a change landing during the query then shows up as a newer revision.
        var revision = changes.Revision;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking()
            .OrderBy(d => d.Id)
            .Select(d => new DeviceKeyEntry(d.Id, d.TunnelPublicKey, d.TunnelAddress))
            .ToListAsync(cancellationToken);
        // A device enrolled without a tunnel key cannot open tunnels: servers need not hear of it.
        return new DeviceKeySet(devices.Where(d => d.TunnelPublicKey.Length > 0).ToList(), revision);
    }
}
