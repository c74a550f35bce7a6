using Fleet.Central.Api;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Fleet.Central.Tracks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Central.ApiV1;

/// <summary>GET /api/v1/vehicles/{id}/track?from&amp;to: the track as GeoJSON (RFC 7946, [lon, lat]).</summary>
public static class TracksApi
{
    public const string GeoJsonContentType = "application/geo+json";

    public static RouteGroupBuilder MapTracksApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/vehicles/{vehicleId:guid}/track", GetAsync)
            .RequireAuthorization(FleetPolicies.ApiScope(ApiScopes.PositionsRead))
            .WithName("GetTrack");
        return v1;
    }

    internal static async Task<Results<JsonHttpResult<TrackFeatureCollection>, ProblemHttpResult>> GetAsync(
        Guid vehicleId, string? from, string? to, ApiCaller caller,
        TenantVehicles vehicles, TrackQueries tracks, IOptions<ApiV1Options> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = await ApiV1Requests.FindVehicleRangeAsync(
            vehicles, caller, vehicleId, from, to, options.Value, time.GetUtcNow(), cancellationToken);
        if (!request.Succeeded)
            return request.Failure.ToProblem();
        var (owned, range) = request.Value;

        var line = await tracks.GetTrackAsync(owned, range, cancellationToken);
        // Fewer than two fixes make no LineString: an empty collection says "no track" in valid GeoJSON.
        TrackFeature[] features = line.Geometry is { } geometry
            ? [new TrackFeature(geometry, new TrackProperties(vehicleId, range.From, range.To, line.FirstAt, line.LastAt,
                line.PointCount, line.ShownPointCount, line.Simplified, line.DistanceMeters))]
            : [];
        return TypedResults.Json(new TrackFeatureCollection(features), contentType: GeoJsonContentType);
    }
}
