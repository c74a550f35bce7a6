namespace Fleet.Agent.Gps;

/// <summary>Fix quality as gpsd reports it: 1 = no fix, 2 = 2D, 3 = 3D (0 = not yet known).</summary>
public enum GpsFixMode
{
    Unknown = 0,
    NoFix = 1,
    Fix2D = 2,
    Fix3D = 3,
}

/// <summary>
/// One position report. Latitude/longitude are null when the receiver has no fix; the other
/// optional fields are null when the receiver did not report them in that epoch.
/// </summary>
public sealed record GpsFix(
    DateTimeOffset Time,
    double? Latitude,
    double? Longitude,
    double? AltitudeMsl,
    double? SpeedMps,
    double? TrackDeg,
    GpsFixMode Mode,
    int? Satellites,
    double? Hdop)
{
    public bool HasPosition => Latitude.HasValue && Longitude.HasValue && Mode >= GpsFixMode.Fix2D;
}
