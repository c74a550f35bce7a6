namespace Fleet.Agent.Modems.Gnss;

/// <summary>
/// A position from the modem's own GNSS receiver (+CGPSINFO, +CGNSSINFO, +QGPSLOC), with the same fields an
/// NMEA fix carries. Speed is m/s, course degrees true, altitude metres above MSL; null when not reported.
/// </summary>
public sealed record ModemGnssFix(
    DateTimeOffset Time,
    double Latitude,
    double Longitude,
    double? AltitudeMsl,
    double? SpeedMps,
    double? CourseDeg,
    int? FixDimension,
    int? Satellites,
    double? Hdop);

/// <summary>Reads the current fix from a modem's GNSS; null when the receiver has no fix (or the modem has no GNSS).</summary>
public interface IModemGnss
{
    Task<ModemGnssFix?> ReadFixAsync(CancellationToken cancellationToken);
}
