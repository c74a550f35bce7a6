using System.Text.Json;

namespace Fleet.Central.Tracks;

public sealed record PositionRow(
    long Id, DateTimeOffset Time, double Latitude, double Longitude, float? AltitudeM, float? SpeedMps,
    float? CourseDeg, short FixMode, short? Satellites, float? Hdop);

public sealed record PositionPage(IReadOnlyList<PositionRow> Items, PositionCursor? Next);

/// <summary>The line of a track as PostGIS rendered it (GeoJSON geometry, [lon, lat]) plus its facts.</summary>
public sealed record TrackLine(
    int PointCount, int ShownPointCount, bool Simplified, DateTimeOffset? FirstAt, DateTimeOffset? LastAt,
    double DistanceMeters, JsonElement? Geometry);

public sealed record StopView(
    DateTimeOffset ArrivedAt, DateTimeOffset DepartedAt, double DurationSeconds, double Latitude, double Longitude, int PointCount);

public sealed record TripView(
    DateTimeOffset StartAt, DateTimeOffset EndAt, double DurationSeconds, double DistanceMeters, int PointCount,
    double StartLatitude, double StartLongitude, double EndLatitude, double EndLongitude);

public sealed record TripsAndStops(IReadOnlyList<TripView> Trips, IReadOnlyList<StopView> Stops);
