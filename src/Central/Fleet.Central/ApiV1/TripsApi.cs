using Fleet.Central.Api;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Fleet.Central.Tracks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Central.ApiV1;

/// <summary>GET /api/v1/vehicles/{id}/trips?from&amp;to: trips and the stops between them.</summary>
public static class TripsApi
{
    public static RouteGroupBuilder MapTripsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/vehicles/{vehicleId:guid}/trips", GetAsync)
            .RequireAuthorization(FleetPolicies.ApiScope(ApiScopes.PositionsRead))
            .WithName("ListTrips");
        return v1;
    }

    internal static async Task<Results<Ok<TripsResponse>, ProblemHttpResult>> GetAsync(
        Guid vehicleId, string? from, string? to, ApiCaller caller,
        TenantVehicles vehicles, TrackQueries tracks, IOptions<ApiV1Options> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = await ApiV1Requests.FindVehicleRangeAsync(
            vehicles, caller, vehicleId, from, to, options.Value, time.GetUtcNow(), cancellationToken);
        if (!request.Succeeded)
            return request.Failure.ToProblem();
        var (owned, range) = request.Value;

        var result = await tracks.GetTripsAsync(owned, range, cancellationToken);
        return TypedResults.Ok(new TripsResponse(vehicleId, range.From, range.To, result.Trips, result.Stops));
    }
}
