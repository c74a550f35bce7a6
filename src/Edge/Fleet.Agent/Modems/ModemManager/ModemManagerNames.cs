using Fleet.Agent.Modems.Parsing;

namespace Fleet.Agent.Modems.ModemManager;

/// <summary>
/// ModemManager's enum names (MMModem3gppRegistrationState, MMModemAccessTechnology) for the agent's enums.
/// mmcli prints the same names in lower case with dashes ("home", "roaming-sms-only", "lte", "5gnr").
/// </summary>
public static class ModemManagerNames
{
    private static readonly (RegistrationState State, string Name)[] States =
    [
        (RegistrationState.Idle, "IDLE"), (RegistrationState.Home, "HOME"), (RegistrationState.Searching, "SEARCHING"),
        (RegistrationState.Denied, "DENIED"), (RegistrationState.Unknown, "UNKNOWN"), (RegistrationState.Roaming, "ROAMING"),
        (RegistrationState.HomeSmsOnly, "HOME_SMS_ONLY"), (RegistrationState.RoamingSmsOnly, "ROAMING_SMS_ONLY"),
        (RegistrationState.EmergencyOnly, "EMERGENCY_ONLY"), (RegistrationState.HomeCsfbNotPreferred, "HOME_CSFB_NOT_PREFERRED"),
        (RegistrationState.RoamingCsfbNotPreferred, "ROAMING_CSFB_NOT_PREFERRED"), (RegistrationState.AttachedRlos, "ATTACHED_RLOS"),
    ];

    private static readonly (AccessTechnology Tech, string Name)[] Techs =
    [
        (AccessTechnology.Unknown, "UNKNOWN"), (AccessTechnology.Gsm, "GSM"), (AccessTechnology.GsmCompact, "GSM_COMPACT"),
        (AccessTechnology.Gprs, "GPRS"), (AccessTechnology.Edge, "EDGE"), (AccessTechnology.Umts, "UMTS"), (AccessTechnology.Hsdpa, "HSDPA"),
        (AccessTechnology.Hsupa, "HSUPA"), (AccessTechnology.Hspa, "HSPA"), (AccessTechnology.HspaPlus, "HSPA_PLUS"),
        (AccessTechnology.Lte, "LTE"), (AccessTechnology.LteCatM, "LTE_CAT_M"), (AccessTechnology.LteNbIot, "LTE_NB_IOT"),
        (AccessTechnology.Nr5g, "5GNR"), (AccessTechnology.LteNr5gNsa, "LTE|5GNR"), (AccessTechnology.Cdma1x, "1XRTT"), (AccessTechnology.Evdo, "EVDO0"),
    ];

    public static string Name(RegistrationState state) => States.First(s => s.State == state).Name;

    public static string Name(AccessTechnology tech) => Techs.First(t => t.Tech == tech).Name;

    /// <summary>Accepts "HOME" and mmcli's "home" / "roaming-sms-only".</summary>
    public static RegistrationState? ParseState(string? name)
    {
        var n = Normalise(name);
        return States.Where(s => s.Name == n).Select(s => (RegistrationState?)s.State).FirstOrDefault();
    }

    /// <summary>Accepts "LTE", mmcli's "lte", and mmcli's comma-separated sets ("lte, 5gnr" → EN-DC).</summary>
    public static AccessTechnology ParseAccessTech(string? name)
    {
        var parts = (name ?? "").Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Normalise).ToList();
        if (parts.Contains("LTE") && parts.Contains("5GNR"))
        {
            return AccessTechnology.LteNr5gNsa;
        }

        // When several are listed the most capable one is the one in use.
        return parts.Select(p => Techs.Where(t => t.Name == p).Select(t => t.Tech).FirstOrDefault())
            .DefaultIfEmpty(AccessTechnology.Unknown).Max();
    }

    private static string Normalise(string? name) => (name ?? "").Trim().Replace('-', '_').ToUpperInvariant();
}
