using System.Text.Json;
using Fleet.Central.Tracks;

namespace Fleet.Central.ApiV1;

public sealed record LastPositionDto(DateTimeOffset Time, double Latitude, double Longitude, float? SpeedMps, float? CourseDeg);

public sealed record VehicleDto(Guid Id, string Name, DateTimeOffset CreatedAt, LastPositionDto? LastPosition);

public sealed record VehiclePage(VehicleDto[] Items, string? NextCursor);

public sealed record PositionDto(
    long Id, DateTimeOffset Time, double Latitude, double Longitude, float? AltitudeM, float? SpeedMps,
    float? CourseDeg, short FixMode, short? Satellites, float? Hdop);

public sealed record PositionsPage(Guid VehicleId, DateTimeOffset From, DateTimeOffset To, PositionDto[] Items, string? NextCursor);

/// <summary>RFC 7946 FeatureCollection with (at most) one LineString feature: the track.</summary>
public sealed record TrackFeatureCollection(TrackFeature[] Features)
{
    public string Type => "FeatureCollection";
}

public sealed record TrackFeature(JsonElement Geometry, TrackProperties Properties)
{
    public string Type => "Feature";
}

public sealed record TrackProperties(
    Guid VehicleId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset? FirstAt, DateTimeOffset? LastAt,
    int PointCount, int ShownPointCount, bool Simplified, double DistanceMeters);

public sealed record TripsResponse(
    Guid VehicleId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TripView> Trips, IReadOnlyList<StopView> Stops);
