using System.Text;
using Fleet.Central.Api;
using Fleet.Central.Data.Entities;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Central.ApiV1;

/// <summary>GET /api/v1/vehicles[/{id}]: the caller's vehicles with their last known position.</summary>
public static class VehiclesApi
{
    public static RouteGroupBuilder MapVehiclesApi(this RouteGroupBuilder v1)
    {
        var read = FleetPolicies.ApiScope(ApiScopes.VehiclesRead);
        v1.MapGet("/vehicles", ListAsync).RequireAuthorization(read).WithName("ListVehicles");
        v1.MapGet("/vehicles/{vehicleId:guid}", GetAsync).RequireAuthorization(read).WithName("GetVehicle");
        return v1;
    }

    internal static async Task<Results<Ok<VehiclePage>, ProblemHttpResult>> ListAsync(
        ApiCaller caller, string? bbox, string? limit, string? cursor,
        TenantVehicles vehicles, IOptions<ApiV1Options> options, CancellationToken cancellationToken)
    {
        var box = ApiV1Requests.ParseBoundingBox(bbox);
        if (!box.Succeeded)
            return box.Failure.ToProblem();
        var size = ApiV1Requests.ParseLimit(limit, options.Value);
        if (!size.Succeeded)
            return size.Failure.ToProblem();
        string? afterName = null;
        if (!string.IsNullOrEmpty(cursor) && !TryDecodeNameCursor(cursor, out afterName))
            return Common.Failure.Invalid("'cursor' is not a cursor this API issued; pass the nextCursor of the previous page unchanged.").ToProblem();

        Func<IQueryable<Vehicle>, IQueryable<Vehicle>>? filter = box.Value is { } b
            ? q => q.Where(v => v.LastLatitude >= b.MinLatitude && v.LastLatitude <= b.MaxLatitude &&
                                v.LastLongitude >= b.MinLongitude && v.LastLongitude <= b.MaxLongitude)
            : null;
        var page = await vehicles.ListAsync(caller, afterName, size.Value + 1, filter, cancellationToken);
        var items = page.Take(size.Value).Select(ToDto).ToArray();
        var next = page.Count > size.Value ? EncodeNameCursor(items[^1].Name) : null;
        return TypedResults.Ok(new VehiclePage(items, next));
    }

    internal static async Task<Results<Ok<VehicleDto>, ProblemHttpResult>> GetAsync(
        Guid vehicleId, ApiCaller caller, TenantVehicles vehicles, CancellationToken cancellationToken)
    {
        var owned = await vehicles.FindAsync(caller, vehicleId, cancellationToken);
        return owned.Succeeded ? TypedResults.Ok(ToDto(owned.Value.Vehicle)) : owned.Failure.ToProblem();
    }

    private static VehicleDto ToDto(Vehicle v) => new(v.Id, v.Name, v.CreatedAt,
        v is { LastPositionAt: { } at, LastLatitude: { } lat, LastLongitude: { } lon }
            ? new LastPositionDto(at, lat, lon, v.LastSpeedMps, v.LastCourseDeg)
            : null);

    private static string EncodeNameCursor(string name) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("v1:" + name));

    private static bool TryDecodeNameCursor(string cursor, out string? afterName)
    {
        afterName = null;
        try
        {
            var text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith("v1:", StringComparison.Ordinal))
                return false;
            afterName = text[3..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
