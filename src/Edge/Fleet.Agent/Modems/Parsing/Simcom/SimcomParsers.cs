using System.Globalization;
using Fleet.Agent.Modems.Gnss;

namespace Fleet.Agent.Modems.Parsing.Simcom;

/// <summary>
/// SIMCom AT+CPSI? serving-cell summary. Signal values are converted to dBm/dB: SIM7100/7500/7600 LTE report
/// RSRQ/RSRP/RSSI in tenths (−94 → −9.4 dB) and RSSNR as an index (SINR = 2·RSSNR − 20); NR5G reports tenths too.
/// </summary>
public sealed record SimcomSystemInfo(
    string SystemMode,
    string? OperationMode,
    string? MccMnc,
    string? Tac,
    string? CellId,
    int? Pci,
    string? Band,
    int? Arfcn,
    double? Rsrp,
    double? Rsrq,
    double? Rssi,
    double? Sinr)
{
    public AccessTechnology AccessTech => SystemMode.ToUpperInvariant() switch
    {
        "LTE" => AccessTechnology.Lte,
        "NR5G_SA" => AccessTechnology.Nr5g,
        "NR5G_NSA" => AccessTechnology.LteNr5gNsa,
        "WCDMA" => AccessTechnology.Umts,
        "GSM" => AccessTechnology.Gsm,
        "CAT-M" or "EMTC" => AccessTechnology.LteCatM,
        "NB-IOT" or "CAT-NB" => AccessTechnology.LteNbIot,
        _ => AccessTechnology.Unknown,
    };

    public bool HasService => !SystemMode.Equals("NO SERVICE", StringComparison.OrdinalIgnoreCase) && AccessTech != AccessTechnology.Unknown;
}

public static class SimcomParsers
{
    /// <summary>Parses the last +CPSI line (in NSA the NR line follows the LTE line; the LTE anchor is returned first).</summary>
    public static SimcomSystemInfo? ParseCpsi(string response)
    {
        SimcomSystemInfo? first = null;
        foreach (var payload in AtFields.Payloads(response, "+CPSI"))
        {
            var f = AtFields.Split(payload);
            var mode = AtFields.Text(f, 0);
            if (mode is null)
            {
                continue;
            }

            var mccMnc = AtFields.Text(f, 2)?.Replace("-", "", StringComparison.Ordinal);
            var info = mode.ToUpperInvariant() switch
            {
                "LTE" or "CAT-M" or "NB-IOT" => new SimcomSystemInfo(mode, AtFields.Text(f, 1), mccMnc, AtFields.Text(f, 3), AtFields.Text(f, 4),
                    AtFields.Int(f, 5), AtFields.Text(f, 6), AtFields.Int(f, 7), Tenths(f, 11), Tenths(f, 10), Tenths(f, 12),
                    AtFields.Int(f, 13) is { } snr ? (2 * snr) - 20 : null),
                "NR5G_SA" => new SimcomSystemInfo(mode, AtFields.Text(f, 1), mccMnc, AtFields.Text(f, 3), AtFields.Text(f, 4),
                    AtFields.Int(f, 5), AtFields.Text(f, 6), AtFields.Int(f, 7), Tenths(f, 8), Tenths(f, 9), null, Tenths(f, 10)),
                "NR5G_NSA" => new SimcomSystemInfo(mode, null, null, null, null, AtFields.Int(f, 1), AtFields.Text(f, 2), AtFields.Int(f, 3),
                    Tenths(f, 4), Tenths(f, 5), null, Tenths(f, 6)),
                "WCDMA" => new SimcomSystemInfo(mode, AtFields.Text(f, 1), mccMnc, AtFields.Text(f, 3), AtFields.Text(f, 4),
                    AtFields.Int(f, 6), AtFields.Text(f, 5), AtFields.Int(f, 7), null, null, AtFields.Double(f, 10) is { } r ? -r : null, null),
                "GSM" => new SimcomSystemInfo(mode, AtFields.Text(f, 1), mccMnc, AtFields.Text(f, 3), AtFields.Text(f, 4),
                    null, AtFields.Text(f, 5), null, null, null, AtFields.Double(f, 6), null),
                _ => new SimcomSystemInfo(mode, AtFields.Text(f, 1), null, null, null, null, null, null, null, null, null, null),
            };
            first ??= info;
        }

        return first;
    }

    /// <summary>
    /// +CGPSINFO: lat(ddmm.mmmmmm),N|S,lon(dddmm.mmmmmm),E|W,date(ddmmyy),utc(hhmmss.s),alt(m),speed(knots),course.
    /// Null for the empty no-fix form ",,,,,,,,".
    /// </summary>
    public static ModemGnssFix? ParseCgpsInfo(string response)
    {
        if (AtFields.Payload(response, "+CGPSINFO") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        return BuildFix(f, 0, fixDimension: null, satellites: null, hdop: null);
    }

    /// <summary>
    /// +CGNSSINFO: mode,GPS-SVs,GLONASS-SVs[,BEIDOU-SVs],lat,N|S,lon,E|W,date,utc,alt,speed(knots),course,PDOP,HDOP,VDOP.
    /// The satellite-count fields vary by firmware, so the latitude is located by its N/S indicator.
    /// </summary>
    public static ModemGnssFix? ParseCgnssInfo(string response)
    {
        if (AtFields.Payload(response, "+CGNSSINFO") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        var ns = f.FindIndex(x => x is "N" or "S");
        if (ns < 1)
        {
            return null;
        }

        var sats = 0;
        var anySats = false;
        for (var i = 1; i < ns - 1; i++)
        {
            if (AtFields.Int(f, i) is { } n)
            {
                sats += n;
                anySats = true;
            }
        }

        return BuildFix(f, ns - 1, AtFields.Int(f, 0), anySats ? sats : null, AtFields.Double(f, ns + 9));
    }

    /// <summary>ICCID from "+CCID: x", "+ICCID: x", "^ICCID: x", "+QCCID: x" or a bare digit line; a trailing padding 'F' is removed.</summary>
    public static string? ParseIccid(string response)
    {
        foreach (var line in AtFields.Lines(response))
        {
            var value = line;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].TrimStart('+', '^').ToUpperInvariant() is "CCID" or "ICCID" or "QCCID")
            {
                value = line[(colon + 1)..];
            }
            else if (colon > 0)
            {
                continue;
            }

            value = AtFields.Unquote(value.Trim()).TrimEnd('F', 'f');
            if (value.Length is >= 18 and <= 22 && value.All(char.IsAsciiDigit))
            {
                return value;
            }
        }

        return null;
    }

    private static ModemGnssFix? BuildFix(List<string> f, int latIndex, int? fixDimension, int? satellites, double? hdop)
    {
        var lat = NmeaDegrees(AtFields.Text(f, latIndex), AtFields.Text(f, latIndex + 1));
        var lon = NmeaDegrees(AtFields.Text(f, latIndex + 2), AtFields.Text(f, latIndex + 3));
        if (lat is null || lon is null || Timestamp(AtFields.Text(f, latIndex + 4), AtFields.Text(f, latIndex + 5)) is not { } time)
        {
            return null;
        }

        return new ModemGnssFix(time, lat.Value, lon.Value, AtFields.Double(f, latIndex + 6),
            AtFields.Double(f, latIndex + 7) is { } knots ? knots * 0.514444 : null, AtFields.Double(f, latIndex + 8), fixDimension, satellites, hdop);
    }

    /// <summary>NMEA "ddmm.mmmm" / "dddmm.mmmm" with hemisphere to signed decimal degrees.</summary>
    internal static double? NmeaDegrees(string? value, string? hemisphere)
    {
        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var raw))
        {
            return null;
        }

        var degrees = Math.Floor(raw / 100);
        var result = degrees + ((raw - (degrees * 100)) / 60.0);
        return hemisphere?.ToUpperInvariant() switch
        {
            "S" or "W" => -result,
            "N" or "E" => result,
            _ => null,
        };
    }

    /// <summary>ddmmyy + hhmmss(.s) UTC.</summary>
    internal static DateTimeOffset? Timestamp(string? date, string? time)
    {
        if (date is null || time is null || date.Length != 6 || time.Length < 6
            || !int.TryParse(date.AsSpan(0, 2), out var day) || !int.TryParse(date.AsSpan(2, 2), out var month)
            || !int.TryParse(date.AsSpan(4, 2), out var year) || !int.TryParse(time.AsSpan(0, 2), out var hour)
            || !int.TryParse(time.AsSpan(2, 2), out var minute)
            || !double.TryParse(time.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000 + year, month) || hour > 23 || minute > 59 || seconds >= 60)
        {
            return null;
        }

        return new DateTimeOffset(2000 + year, month, day, hour, minute, 0, TimeSpan.Zero).AddSeconds(seconds);
    }

    private static double? Tenths(List<string> f, int index) => AtFields.Double(f, index) is { } v ? v / 10.0 : null;
}
