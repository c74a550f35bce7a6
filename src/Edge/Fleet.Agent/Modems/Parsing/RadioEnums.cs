namespace Fleet.Agent.Modems.Parsing;

/// <summary>3GPP 27.007 &lt;stat&gt; of +CREG/+CGREG/+CEREG/+C5GREG; values are the 27.007 numbers.</summary>
public enum RegistrationState
{
    Idle = 0,
    Home = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    Roaming = 5,
    HomeSmsOnly = 6,
    RoamingSmsOnly = 7,
    EmergencyOnly = 8,
    HomeCsfbNotPreferred = 9,
    RoamingCsfbNotPreferred = 10,
    AttachedRlos = 11,
}

/// <summary>Radio access technology as the agent reports it.</summary>
public enum AccessTechnology
{
    Unknown,
    Gsm,
    GsmCompact,
    Gprs,
    Edge,
    Umts,
    Hsdpa,
    Hsupa,
    Hspa,
    HspaPlus,
    Lte,
    LteCatM,
    LteNbIot,
    Nr5g,

    /// <summary>LTE anchor with an NR secondary leg (EN-DC / 5G NSA).</summary>
    LteNr5gNsa,
    Cdma1x,
    Evdo,
}

/// <summary>Maps 27.007 numeric codes to the agent's enums.</summary>
public static class ThreeGppCodes
{
    public static RegistrationState? Registration(int stat) =>
        stat is >= 0 and <= 11 ? (RegistrationState)stat : null;

    /// <summary>27.007 &lt;AcT&gt; (the same table ModemManager uses; 8 is reported by Cat-M modems).</summary>
    public static AccessTechnology AccessTech(int? act) => act switch
    {
        0 => AccessTechnology.Gsm,
        1 => AccessTechnology.GsmCompact,
        2 => AccessTechnology.Umts,
        3 => AccessTechnology.Edge,
        4 => AccessTechnology.Hsdpa,
        5 => AccessTechnology.Hsupa,
        6 => AccessTechnology.Hspa,
        7 => AccessTechnology.Lte,
        8 => AccessTechnology.LteCatM,
        9 => AccessTechnology.LteNbIot,
        10 => AccessTechnology.Lte,
        11 => AccessTechnology.Nr5g,
        12 => AccessTechnology.Nr5g,
        13 => AccessTechnology.LteNr5gNsa,
        _ => AccessTechnology.Unknown,
    };

    /// <summary>Access technology named in vendor text ("LTE", "WCDMA", "NR5G-NSA", "HSPA+", ...).</summary>
    public static AccessTechnology FromName(string? name) => name?.Trim().Trim('"').ToUpperInvariant() switch
    {
        "GSM" or "2G" => AccessTechnology.Gsm,
        "GPRS" => AccessTechnology.Gprs,
        "EDGE" => AccessTechnology.Edge,
        "WCDMA" or "UMTS" or "3G" or "TD-SCDMA" or "TDSCDMA" => AccessTechnology.Umts,
        "HSDPA" => AccessTechnology.Hsdpa,
        "HSUPA" => AccessTechnology.Hsupa,
        "HSPA" => AccessTechnology.Hspa,
        "HSPA+" => AccessTechnology.HspaPlus,
        "LTE" or "4G" or "FDD LTE" or "TDD LTE" or "CAT-M" or "EMTC" => AccessTechnology.Lte,
        "CAT-NB" or "NB-IOT" or "NBIOT" => AccessTechnology.LteNbIot,
        "NR5G" or "NR5G-SA" or "NR5G_SA" or "NR" or "5G" or "NR5G SA" => AccessTechnology.Nr5g,
        "NR5G-NSA" or "NR5G_NSA" or "EN-DC" => AccessTechnology.LteNr5gNsa,
        "CDMA" or "CDMA1X" => AccessTechnology.Cdma1x,
        "EVDO" or "HDR" => AccessTechnology.Evdo,
        _ => AccessTechnology.Unknown,
    };
}
