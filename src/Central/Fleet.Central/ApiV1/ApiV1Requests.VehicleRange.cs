using Fleet.Central.Common;
using Fleet.Central.Tracks;
using Fleet.Central.Tenancy;

namespace Fleet.Central.ApiV1;

public static partial class ApiV1Requests
{
    /// <summary>The caller's vehicle and the requested time range. Ownership is checked first: another tenant's
    /// vehicle is a 404 whatever else is wrong with the request.</summary>
    public static async Task<Outcome<(OwnedVehicle Vehicle, TimeRange Range)>> FindVehicleRangeAsync(
        TenantVehicles vehicles, ApiCaller caller, Guid vehicleId, string? from, string? to,
        ApiV1Options options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owned = await vehicles.FindAsync(caller, vehicleId, cancellationToken);
        if (!owned.Succeeded)
            return owned.Failure;
        var range = ParseRange(from, to, options, now);
        if (!range.Succeeded)
            return range.Failure;
        return (owned.Value, range.Value);
    }
}
