namespace Fleet.Agent.Modems.Parsing.ThreeGpp;

/// <summary>
/// AT+CESQ raw levels (27.007 §8.69) and the dBm/dB values they stand for. A derived value is null when
/// its level says "not known" (99 / 255) or is out of range.
/// </summary>
public sealed record ExtendedSignalQuality(int RxLev, int Ber, int RscpLevel, int EcN0Level, int RsrqLevel, int RsrpLevel)
{
    /// <summary>GERAN RSSI: rxlev 0..63 → -111 + rxlev dBm.</summary>
    public double? Rssi => RxLev is >= 0 and <= 63 ? -111.0 + RxLev : null;

    /// <summary>UTRA RSCP: 0..96 → -121 + level dBm.</summary>
    public double? Rscp => RscpLevel is >= 0 and <= 96 ? -121.0 + RscpLevel : null;

    /// <summary>UTRA Ec/N0: 0..49 → -24.5 + level/2 dB.</summary>
    public double? EcIo => EcN0Level is >= 0 and <= 49 ? -24.5 + (EcN0Level * 0.5) : null;

    /// <summary>E-UTRA RSRQ: 0..34 → -20 + level/2 dB.</summary>
    public double? Rsrq => RsrqLevel is >= 0 and <= 34 ? -20.0 + (RsrqLevel * 0.5) : null;

    /// <summary>E-UTRA RSRP: 0..97 → -141 + level dBm.</summary>
    public double? Rsrp => RsrpLevel is >= 0 and <= 97 ? -141.0 + RsrpLevel : null;

    public bool HasGsm => Rssi is not null;

    public bool HasUmts => Rscp is not null || EcIo is not null;

    public bool HasLte => Rsrq is not null || Rsrp is not null;
}

/// <summary>AT+CSQ: RSSI index (0..31, 99 unknown) and BER.</summary>
public sealed record SignalQuality(int RssiIndex, int Ber)
{
    /// <summary>-113 + 2·index dBm; null when unknown.</summary>
    public double? RssiDbm => RssiIndex is >= 0 and <= 31 ? -113.0 + (2 * RssiIndex) : null;
}

public static class SignalQualityParser
{
    public static ExtendedSignalQuality? ParseCesq(string response)
    {
        if (AtFields.Payload(response, "+CESQ") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        if (f.Count < 6)
        {
            return null;
        }

        var v = new int[6];
        for (var i = 0; i < 6; i++)
        {
            if (AtFields.Int(f, i) is not { } n)
            {
                return null;
            }

            v[i] = n;
        }

        return new ExtendedSignalQuality(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    public static SignalQuality? ParseCsq(string response)
    {
        if (AtFields.Payload(response, "+CSQ") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        return AtFields.Int(f, 0) is { } rssi ? new SignalQuality(rssi, AtFields.Int(f, 1) ?? 99) : null;
    }
}
