namespace Fleet.Central.Tracks;

/// <summary>A fix reduced to what stop/trip detection needs.</summary>
public readonly record struct TrackFix(DateTimeOffset Time, double Latitude, double Longitude);
