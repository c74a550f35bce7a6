namespace Fleet.Agent.Modems.Parsing.Cinterion;

/// <summary>Cinterion ^SMONI serving cell; Tech is null while the modem is searching. Values not given for the RAT are null.</summary>
public sealed record CinterionServingCell(string? Tech, double? Rssi, double? EcN0, double? Rscp, double? Rsrp, double? Rsrq, string? Mcc, string? Mnc, string? Lac, string? CellId)
{
    public AccessTechnology AccessTech => Tech switch
    {
        "2G" => AccessTechnology.Gsm,
        "3G" => AccessTechnology.Umts,
        "4G" => AccessTechnology.Lte,
        _ => AccessTechnology.Unknown,
    };
}

public static class SmoniParser
{
    /// <summary>
    /// 2G: ARFCN,BCCH(dBm),MCC,MNC,LAC,cell,...; 3G: UARFCN,PSC,EcN0,RSCP,MCC,MNC,LAC,cell,...;
    /// 4G: EARFCN,band,DL bw,UL bw,mode,MCC,MNC,TAC,cell,PCI,Srxlev,RSRP,RSRQ,state.
    /// </summary>
    public static CinterionServingCell? Parse(string response)
    {
        if (AtFields.Payload(response, "^SMONI") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        var tech = AtFields.Text(f, 0)?.ToUpperInvariant();
        if (tech is null)
        {
            return null;
        }

        var v = f.Skip(1).ToList();
        if (v.Count == 0 || string.Equals(AtFields.Text(v, 0), "SEARCH", StringComparison.OrdinalIgnoreCase))
        {
            return new CinterionServingCell(null, null, null, null, null, null, null, null, null, null);
        }

        return tech switch
        {
            "2G" => new CinterionServingCell(tech, AtFields.Double(v, 1), null, null, null, null, AtFields.Text(v, 2), AtFields.Text(v, 3), AtFields.Text(v, 4), AtFields.Text(v, 5)),
            "3G" => new CinterionServingCell(tech, null, AtFields.Double(v, 2), AtFields.Double(v, 3), null, null, AtFields.Text(v, 4), AtFields.Text(v, 5), AtFields.Text(v, 6), AtFields.Text(v, 7)),
            "4G" => new CinterionServingCell(tech, null, null, null, AtFields.Double(v, 11), AtFields.Double(v, 12), AtFields.Text(v, 5), AtFields.Text(v, 6), AtFields.Text(v, 7), AtFields.Text(v, 8)),
            _ => null,
        };
    }
}
