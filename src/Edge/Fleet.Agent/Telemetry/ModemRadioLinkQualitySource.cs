using System.Globalization;
using Fleet.Agent.Modems.Monitoring;
using Fleet.Contracts.Telemetry;
using ModemAccessTech = Fleet.Agent.Modems.Parsing.AccessTechnology;
using ModemRegistration = Fleet.Agent.Modems.Parsing.RegistrationState;
using WireRegistration = Fleet.Contracts.Telemetry.RegistrationState;

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Adds the radio side of each carrier (signal, operator, MCC-MNC, access tech, cell, registration, ICCID)
/// from the modem that serves the uplink to the link metrics the inner source (bonding engine or sysfs)
/// measured, so one LinkSeries per uplink carries both. Uplinks without a modem, or whose modem has not
/// answered yet, keep the inner sample unchanged.
/// </summary>
public sealed class ModemRadioLinkQualitySource(
    ILinkQualitySource inner,
    IModemMonitor modems,
    IReadOnlyDictionary<string, string> modemByUplink) : ILinkQualitySource
{
    public IReadOnlyList<LinkSample> Sample(long unixMs)
    {
        var samples = inner.Sample(unixMs);
        var current = modems.Current;
        var result = new List<LinkSample>(samples.Count);
        foreach (var s in samples)
        {
            result.Add(modemByUplink.TryGetValue(s.LinkName, out var modem) && current.TryGetValue(modem, out var snapshot)
                ? WithRadio(s, snapshot)
                : s);
        }

        return result;
    }

    public static LinkSample WithRadio(LinkSample s, ModemSnapshot m) => s with
    {
        RssiDbm = Round(m.Rssi, 1),
        RsrpDbm = Round(m.Rsrp, 1),
        RsrqDb10 = Round(m.Rsrq, 10),
        SinrDb10 = Round(m.Sinr, 10),
        AccessTech = ToWire(m.AccessTech),
        CellId = ParseCellId(m.CellId),
        Registration = ToWire(m.Registration),
        Iccid = m.Iccid ?? "",
        OperatorName = m.Operator ?? "",
        MccMnc = m.MccMnc ?? "",
    };

    public static AccessTech ToWire(ModemAccessTech tech) => tech switch
    {
        ModemAccessTech.Gsm or ModemAccessTech.GsmCompact or ModemAccessTech.Gprs or ModemAccessTech.Edge => AccessTech.Gsm,
        ModemAccessTech.Umts => AccessTech.Umts,
        ModemAccessTech.Hsdpa or ModemAccessTech.Hsupa or ModemAccessTech.Hspa or ModemAccessTech.HspaPlus => AccessTech.Hspa,
        ModemAccessTech.Lte or ModemAccessTech.LteCatM or ModemAccessTech.LteNbIot => AccessTech.Lte,
        ModemAccessTech.LteNr5gNsa => AccessTech.Nr5GNsa,
        ModemAccessTech.Nr5g => AccessTech.Nr5GSa,
        _ => AccessTech.Unknown,
    };

    public static WireRegistration ToWire(ModemRegistration? state) => state switch
    {
        ModemRegistration.Idle => WireRegistration.RegistrationIdle,
        ModemRegistration.Home or ModemRegistration.HomeSmsOnly or ModemRegistration.HomeCsfbNotPreferred => WireRegistration.RegistrationHome,
        ModemRegistration.Searching => WireRegistration.RegistrationSearching,
        ModemRegistration.Denied => WireRegistration.RegistrationDenied,
        ModemRegistration.Roaming or ModemRegistration.RoamingSmsOnly or ModemRegistration.RoamingCsfbNotPreferred => WireRegistration.RegistrationRoaming,
        _ => WireRegistration.RegistrationUnknown,
    };

    /// <summary>Modems print LTE/NR cell ids in hex (some with 0x); a decimal-only id is read as hex too, as 27.007 says.</summary>
    public static ulong ParseCellId(string? cellId)
    {
        if (string.IsNullOrWhiteSpace(cellId))
        {
            return 0;
        }

        var text = cellId.Trim().Trim('"');
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    private static int Round(double? value, int scale) =>
        value is { } v && double.IsFinite(v) ? (int)Math.Round(v * scale, MidpointRounding.AwayFromZero) : 0;
}
