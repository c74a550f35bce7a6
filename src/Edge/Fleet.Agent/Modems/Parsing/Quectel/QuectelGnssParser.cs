using System.Globalization;
using Fleet.Agent.Modems.Gnss;
using Fleet.Agent.Modems.Parsing.Simcom;

namespace Fleet.Agent.Modems.Parsing.Quectel;

public static class QuectelGnssParser
{
    /// <summary>
    /// +QGPSLOC: utc,lat,lon,hdop,alt,fix,cog,spkm,spkn,date,nsat. Accepts AT+QGPSLOC=2 (signed decimal degrees)
    /// and =0/1 ("ddmm.mmmmN" NMEA style). Null when absent (the modem answers +CME ERROR: 516 without a fix).
    /// </summary>
    public static ModemGnssFix? ParseQgpsLoc(string response)
    {
        if (AtFields.Payload(response, "+QGPSLOC") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        var lat = Coordinate(AtFields.Text(f, 1));
        var lon = Coordinate(AtFields.Text(f, 2));
        if (lat is null || lon is null || SimcomParsers.Timestamp(AtFields.Text(f, 9), AtFields.Text(f, 0)) is not { } time)
        {
            return null;
        }

        return new ModemGnssFix(time, lat.Value, lon.Value, AtFields.Double(f, 4), AtFields.Double(f, 7) is { } kmh ? kmh / 3.6 : null,
            CourseDegrees(AtFields.Text(f, 6)), AtFields.Int(f, 5), AtFields.Int(f, 10), AtFields.Double(f, 3));
    }

    private static double? Coordinate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var last = char.ToUpperInvariant(text[^1]);
        if (last is 'N' or 'S' or 'E' or 'W')
        {
            return SimcomParsers.NmeaDegrees(text[..^1], last.ToString());
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>Course is "ddd.mm" (degrees and minutes) in the Quectel manual.</summary>
    private static double? CourseDegrees(string? text)
    {
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var raw))
        {
            return null;
        }

        var degrees = Math.Floor(raw);
        return degrees + ((raw - degrees) * 100 / 60.0);
    }
}
