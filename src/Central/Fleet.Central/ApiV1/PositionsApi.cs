using Fleet.Central.Api;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Fleet.Central.Tracks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Central.ApiV1;

/// <summary>GET /api/v1/vehicles/{id}/positions?from&amp;to[&amp;limit][&amp;cursor]: raw fixes, oldest first.</summary>
public static class PositionsApi
{
    public static RouteGroupBuilder MapPositionsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/vehicles/{vehicleId:guid}/positions", ListAsync)
            .RequireAuthorization(FleetPolicies.ApiScope(ApiScopes.PositionsRead))
            .WithName("ListPositions");
        return v1;
    }

    internal static async Task<Results<Ok<PositionsPage>, ProblemHttpResult>> ListAsync(
        Guid vehicleId, string? from, string? to, string? limit, string? cursor, ApiCaller caller,
        TenantVehicles vehicles, TrackQueries tracks, IOptions<ApiV1Options> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = await ApiV1Requests.FindVehicleRangeAsync(
            vehicles, caller, vehicleId, from, to, options.Value, time.GetUtcNow(), cancellationToken);
        if (!request.Succeeded)
            return request.Failure.ToProblem();
        var (owned, range) = request.Value;
        var size = ApiV1Requests.ParseLimit(limit, options.Value);
        if (!size.Succeeded)
            return size.Failure.ToProblem();
        var after = ApiV1Requests.ParsePositionCursor(cursor);
        if (!after.Succeeded)
            return after.Failure.ToProblem();

        var page = await tracks.GetPositionsAsync(owned, range, after.Value, size.Value, cancellationToken);
        var items = page.Items.Select(p => new PositionDto(
            p.Id, p.Time, p.Latitude, p.Longitude, p.AltitudeM, p.SpeedMps, p.CourseDeg, p.FixMode, p.Satellites, p.Hdop)).ToArray();
        return TypedResults.Ok(new PositionsPage(vehicleId, range.From, range.To, items, page.Next?.Encode()));
    }
}
