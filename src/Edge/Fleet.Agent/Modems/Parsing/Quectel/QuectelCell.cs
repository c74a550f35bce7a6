namespace Fleet.Agent.Modems.Parsing.Quectel;

/// <summary>
/// One cell from +QENG / +QCAINFO. Every field is nullable: each RAT and each firmware reports a different subset,
/// and "-" means not available. CellId/Tac are the hex strings the modem printed. Signal values are as reported
/// (dBm / dB); note EC2x firmware reportedly scales LTE SINR, RM5xx reports dB.
/// </summary>
public sealed record QuectelCell
{
    public AccessTechnology Rat { get; init; }

    public string? RatName { get; init; }

    public string? Duplex { get; init; }

    public string? Mcc { get; init; }

    public string? Mnc { get; init; }

    public string? CellId { get; init; }

    public int? Pci { get; init; }

    public int? Arfcn { get; init; }

    public int? Band { get; init; }

    public int? UlBandwidth { get; init; }

    public int? DlBandwidth { get; init; }

    public string? Tac { get; init; }

    public int? Rsrp { get; init; }

    public int? Rsrq { get; init; }

    public int? Rssi { get; init; }

    public int? Sinr { get; init; }

    public int? Cqi { get; init; }

    public int? TxPower { get; init; }

    public int? Srxlev { get; init; }

    public int? Scs { get; init; }

    public int? Psc { get; init; }

    public int? Rscp { get; init; }

    public int? EcIo { get; init; }

    public string? Lac { get; init; }

    /// <summary>"intra"/"inter" for neighbour cells, "PCC"/"SCC" for carrier-aggregation components.</summary>
    public string? Role { get; init; }

    /// <summary>QCAINFO: cell state (1 = configured/activated, 2 = configured/deactivated ...).</summary>
    public int? State { get; init; }

    public int? UlConfigured { get; init; }

    public string? UlBand { get; init; }

    public int? UlArfcn { get; init; }

    /// <summary>"MCC-MNC" style operator code (MCC followed by MNC, no separator) when both are known.</summary>
    public string? MccMnc => Mcc is not null && Mnc is not null ? Mcc + Mnc : null;
}

/// <summary>AT+QENG="servingcell": connection state plus the LTE and/or NR legs (both present in EN-DC).</summary>
public sealed record QuectelServingCell(string? State, QuectelCell? Lte, QuectelCell? Nr, QuectelCell? Other)
{
    /// <summary>The leg that carries the anchor (LTE in NSA, NR in SA, otherwise 3G/2G).</summary>
    public QuectelCell? Primary => Lte ?? Nr ?? Other;

    public AccessTechnology AccessTech => (Lte, Nr) switch
    {
        ({ }, { }) => AccessTechnology.LteNr5gNsa,
        ({ } lte, null) => lte.Rat,
        (null, { }) => AccessTechnology.Nr5g,
        _ => Other?.Rat ?? AccessTechnology.Unknown,
    };
}

/// <summary>AT+QCAINFO: the primary component carrier and the secondary ones in order.</summary>
public sealed record QuectelCarrierAggregation(QuectelCell? Pcc, IReadOnlyList<QuectelCell> Sccs);

/// <summary>AT+QSPN: full and short network names, SPN, alphabet, registered PLMN.</summary>
public sealed record QuectelNetworkName(string? FullName, string? ShortName, string? Spn, int? Alphabet, string? RegisteredPlmn);

/// <summary>ATI identification (Quectel prints bare lines, SIMCom prints "Key: value" lines).</summary>
public sealed record ModemIdentity(string? Manufacturer, string? Model, string? Revision, string? Imei);
