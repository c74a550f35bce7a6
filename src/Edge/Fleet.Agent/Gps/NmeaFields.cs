using System.Globalization;

namespace Fleet.Agent.Gps;

/// <summary>Field decoders for NMEA 0183; each returns null for empty or malformed input.</summary>
internal static class NmeaFields
{
    private const double KnotsToMps = 1852.0 / 3600.0;

    public static double? Number(string s) =>
        s.Length > 0 && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    public static int? Integer(string s) =>
        s.Length > 0 && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static double? Knots(string s) => Number(s) is { } kn ? kn * KnotsToMps : null;

    /// <summary>(d)ddmm.mmmm plus hemisphere letter → signed degrees.</summary>
    public static double? Coordinate(string value, string hemisphere, int maxDegrees)
    {
        if (Number(value) is not { } raw || raw < 0)
        {
            return null;
        }

        var degrees = Math.Floor(raw / 100);
        var minutes = raw - (degrees * 100);
        if (minutes >= 60 || degrees > maxDegrees)
        {
            return null;
        }

        var result = degrees + (minutes / 60);
        if (result > maxDegrees)
        {
            return null;
        }

        return hemisphere switch
        {
            "N" or "E" => result,
            "S" or "W" => -result,
            _ => null,
        };
    }

    /// <summary>hhmmss(.sss) → time of day.</summary>
    public static TimeSpan? TimeOfDay(string s)
    {
        if (s.Length < 6
            || !int.TryParse(s.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(s.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !double.TryParse(s.AsSpan(4), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var sec)
            || h > 23 || m > 59 || sec >= 61)
        {
            return null;
        }

        // Millisecond resolution is what the batch format carries.
        return new TimeSpan(0, h, m, 0).Add(TimeSpan.FromMilliseconds(Math.Round(sec * 1000)));
    }

    /// <summary>ddmmyy → date; two-digit years 80..99 are 19xx (GPS started in 1980), the rest 20xx.</summary>
    public static DateOnly? Date(string s)
    {
        if (s.Length != 6
            || !int.TryParse(s.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || !int.TryParse(s.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mo)
            || !int.TryParse(s.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var yy))
        {
            return null;
        }

        var year = yy >= 80 ? 1900 + yy : 2000 + yy;
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(year, mo) ? new DateOnly(year, mo, d) : null;
    }
}
