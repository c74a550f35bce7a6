namespace Fleet.Central.Storage;

/// <summary>One point of a vehicle's track; <see cref="Downsampled"/> when it stands for a 30-second bucket
/// of raw fixes that have since expired.</summary>
public sealed record TrackPoint(DateTimeOffset Time, double Latitude, double Longitude, float? SpeedMps, float? CourseDeg, bool Downsampled);
