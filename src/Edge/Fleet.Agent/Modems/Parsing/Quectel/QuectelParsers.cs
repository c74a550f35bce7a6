namespace Fleet.Agent.Modems.Parsing.Quectel;

public static class QuectelParsers
{
    /// <summary>
    /// Parses AT+QENG="servingcell" in its single-line form (state and cell on one line), the two-line form
    /// (state line, then the cell), and EN-DC (state, LTE line, NR5G-NSA line). Null without any +QENG line.
    /// </summary>
    public static QuectelServingCell? ParseServingCell(string response)
    {
        string? state = null;
        QuectelCell? lte = null, nr = null, other = null;
        var seen = false;
        foreach (var payload in AtFields.Payloads(response, "+QENG"))
        {
            seen = true;
            var f = AtFields.Split(payload);
            var head = AtFields.Text(f, 0);
            if (string.Equals(head, "servingcell", StringComparison.OrdinalIgnoreCase))
            {
                state = AtFields.Text(f, 1);
                if (f.Count <= 2)
                {
                    continue;
                }

                f = f.GetRange(2, f.Count - 2);
            }
            else if (head?.StartsWith("neighbourcell", StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            if (ParseServingLeg(f) is not { } cell)
            {
                continue;
            }

            switch (cell.Rat)
            {
                case AccessTechnology.Lte or AccessTechnology.LteCatM or AccessTechnology.LteNbIot:
                    lte = cell;
                    break;
                case AccessTechnology.Nr5g or AccessTechnology.LteNr5gNsa:
                    nr = cell;
                    break;
                default:
                    other = cell;
                    break;
            }
        }

        return seen ? new QuectelServingCell(state, lte, nr, other) : null;
    }

    /// <summary>AT+QENG="neighbourcell": one cell per line; Role is "intra"/"inter" (or the RAT word for 3G/2G lists).</summary>
    public static IReadOnlyList<QuectelCell> ParseNeighbourCells(string response)
    {
        var cells = new List<QuectelCell>();
        foreach (var payload in AtFields.Payloads(response, "+QENG"))
        {
            var f = AtFields.Split(payload);
            var head = AtFields.Text(f, 0);
            if (head is null || !head.StartsWith("neighbourcell", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var role = head.Length > "neighbourcell".Length ? head["neighbourcell".Length..].Trim() : null;
            var ratName = AtFields.Text(f, 1);
            var rat = ThreeGppCodes.FromName(ratName);
            cells.Add(rat switch
            {
                AccessTechnology.Lte => new QuectelCell
                {
                    Rat = rat, RatName = ratName, Role = role, Arfcn = AtFields.Int(f, 2), Pci = AtFields.Int(f, 3),
                    Rsrq = AtFields.Int(f, 4), Rsrp = AtFields.Int(f, 5), Rssi = AtFields.Int(f, 6), Sinr = AtFields.Int(f, 7), Srxlev = AtFields.Int(f, 8),
                },
                AccessTechnology.Nr5g or AccessTechnology.LteNr5gNsa => new QuectelCell
                {
                    Rat = AccessTechnology.Nr5g, RatName = ratName, Role = role, Arfcn = AtFields.Int(f, 2), Pci = AtFields.Int(f, 3),
                    Rsrp = AtFields.Int(f, 4), Rsrq = AtFields.Int(f, 5),
                },
                _ => new QuectelCell { Rat = rat, RatName = ratName, Role = role, Arfcn = AtFields.Int(f, 2), Pci = AtFields.Int(f, 3) },
            });
        }

        return cells;
    }

    /// <summary>
    /// AT+QCAINFO. Each line: "PCC"|"SCC",freq,bw,"LTE BAND n"|"NR5G BAND n", then either just the PCI (NR SCC),
    /// or state,PCI,RSRP,RSRQ,RSSI,SINR[,ul_configured,ul_band,ul_arfcn], or state,PCI,ul_configured,ul_band,ul_arfcn.
    /// </summary>
    public static QuectelCarrierAggregation? ParseCarrierAggregation(string response)
    {
        QuectelCell? pcc = null;
        var sccs = new List<QuectelCell>();
        var seen = false;
        foreach (var payload in AtFields.Payloads(response, "+QCAINFO"))
        {
            var f = AtFields.Split(payload);
            var role = AtFields.Text(f, 0)?.ToUpperInvariant();
            if (role is not ("PCC" or "SCC") || f.Count < 5)
            {
                continue;
            }

            seen = true;
            var bandText = AtFields.Text(f, 3) ?? "";
            var rat = bandText.StartsWith("NR", StringComparison.OrdinalIgnoreCase) ? AccessTechnology.Nr5g : AccessTechnology.Lte;
            var bandNumber = LastNumber(bandText);
            var r = f.GetRange(4, f.Count - 4);
            var cell = new QuectelCell { Rat = rat, RatName = bandText, Role = role, Arfcn = AtFields.Int(f, 1), DlBandwidth = AtFields.Int(f, 2), Band = bandNumber };
            if (r.Count == 1)
            {
                cell = cell with { Pci = AtFields.Int(r, 0) };
            }
            else if (r.Count is 2 or 5)
            {
                cell = cell with
                {
                    State = AtFields.Int(r, 0), Pci = AtFields.Int(r, 1), UlConfigured = AtFields.Int(r, 2), UlBand = AtFields.Text(r, 3), UlArfcn = AtFields.Int(r, 4),
                };
            }
            else
            {
                cell = cell with
                {
                    State = AtFields.Int(r, 0), Pci = AtFields.Int(r, 1), Rsrp = AtFields.Int(r, 2), Rsrq = AtFields.Int(r, 3),
                    Rssi = AtFields.Int(r, 4), Sinr = AtFields.Int(r, 5), UlConfigured = AtFields.Int(r, 6), UlBand = AtFields.Text(r, 7), UlArfcn = AtFields.Int(r, 8),
                };
            }

            if (role == "PCC")
            {
                pcc = cell;
            }
            else
            {
                sccs.Add(cell);
            }
        }

        return seen ? new QuectelCarrierAggregation(pcc, sccs) : null;
    }

    public static QuectelNetworkName? ParseNetworkName(string response)
    {
        if (AtFields.Payload(response, "+QSPN") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        return new QuectelNetworkName(AtFields.Text(f, 0), AtFields.Text(f, 1), AtFields.Text(f, 2), AtFields.Int(f, 3), AtFields.Text(f, 4));
    }

    /// <summary>AT+QNWPREFCFG="key": returns key → value (the value's fields re-joined with commas).</summary>
    public static IReadOnlyDictionary<string, string> ParseNetworkPreferences(string response)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var payload in AtFields.Payloads(response, "+QNWPREFCFG"))
        {
            var f = AtFields.Split(payload);
            if (AtFields.Text(f, 0) is { } key)
            {
                result[key] = string.Join(',', f.Skip(1).Select(AtFields.Unquote));
            }
        }

        return result;
    }

    /// <summary>ATI: Quectel's "Quectel / model / Revision: x" lines or SIMCom's "Manufacturer: / Model: / Revision: / IMEI:".</summary>
    public static ModemIdentity? ParseIdentity(string response)
    {
        string? manufacturer = null, model = null, revision = null, imei = null;
        var bare = new List<string>();
        foreach (var line in AtFields.Lines(response))
        {
            if (line is "OK" || line.StartsWith("ATI", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? line[..colon].Trim().ToUpperInvariant() : null;
            var value = colon > 0 ? line[(colon + 1)..].Trim() : line;
            switch (key)
            {
                case "MANUFACTURER":
                    manufacturer = value;
                    break;
                case "MODEL":
                    model = value;
                    break;
                case "REVISION":
                    revision = value;
                    break;
                case "IMEI" or "IMEI SV":
                    imei ??= value;
                    break;
                default:
                    bare.Add(line);
                    break;
            }
        }

        manufacturer ??= bare.ElementAtOrDefault(0);
        model ??= bare.ElementAtOrDefault(1);
        return manufacturer is null && model is null && revision is null ? null : new ModemIdentity(manufacturer, model, revision, imei);
    }

    private static QuectelCell? ParseServingLeg(List<string> f)
    {
        var ratName = AtFields.Text(f, 0);
        var rat = ThreeGppCodes.FromName(ratName);
        return rat switch
        {
            AccessTechnology.Lte or AccessTechnology.LteNbIot or AccessTechnology.LteCatM => new QuectelCell
            {
                Rat = rat, RatName = ratName, Duplex = AtFields.Text(f, 1), Mcc = AtFields.Text(f, 2), Mnc = AtFields.Text(f, 3),
                CellId = AtFields.Text(f, 4), Pci = AtFields.Int(f, 5), Arfcn = AtFields.Int(f, 6), Band = AtFields.Int(f, 7),
                UlBandwidth = AtFields.Int(f, 8), DlBandwidth = AtFields.Int(f, 9), Tac = AtFields.Text(f, 10), Rsrp = AtFields.Int(f, 11),
                Rsrq = AtFields.Int(f, 12), Rssi = AtFields.Int(f, 13), Sinr = AtFields.Int(f, 14), Cqi = AtFields.Int(f, 15),
                TxPower = AtFields.Int(f, 16), Srxlev = AtFields.Int(f, 17),
            },
            AccessTechnology.LteNr5gNsa => new QuectelCell
            {
                Rat = AccessTechnology.Nr5g, RatName = ratName, Mcc = AtFields.Text(f, 1), Mnc = AtFields.Text(f, 2), Pci = AtFields.Int(f, 3),
                Rsrp = AtFields.Int(f, 4), Sinr = AtFields.Int(f, 5), Rsrq = AtFields.Int(f, 6), Arfcn = AtFields.Int(f, 7),
                Band = AtFields.Int(f, 8), DlBandwidth = AtFields.Int(f, 9), Scs = AtFields.Int(f, 10),
            },
            AccessTechnology.Nr5g => new QuectelCell
            {
                Rat = rat, RatName = ratName, Duplex = AtFields.Text(f, 1), Mcc = AtFields.Text(f, 2), Mnc = AtFields.Text(f, 3),
                CellId = AtFields.Text(f, 4), Pci = AtFields.Int(f, 5), Tac = AtFields.Text(f, 6), Arfcn = AtFields.Int(f, 7),
                Band = AtFields.Int(f, 8), DlBandwidth = AtFields.Int(f, 9), Rsrp = AtFields.Int(f, 10), Rsrq = AtFields.Int(f, 11),
                Sinr = AtFields.Int(f, 12), Scs = AtFields.Int(f, 13), Srxlev = AtFields.Int(f, 14),
            },
            AccessTechnology.Umts => new QuectelCell
            {
                Rat = rat, RatName = ratName, Mcc = AtFields.Text(f, 1), Mnc = AtFields.Text(f, 2), Lac = AtFields.Text(f, 3),
                CellId = AtFields.Text(f, 4), Arfcn = AtFields.Int(f, 5), Psc = AtFields.Int(f, 6), Rscp = AtFields.Int(f, 8), EcIo = AtFields.Int(f, 9),
            },
            AccessTechnology.Gsm => new QuectelCell
            {
                Rat = rat, RatName = ratName, Mcc = AtFields.Text(f, 1), Mnc = AtFields.Text(f, 2), Lac = AtFields.Text(f, 3),
                CellId = AtFields.Text(f, 4), Arfcn = AtFields.Int(f, 6), Band = AtFields.Int(f, 7), Rssi = AtFields.Int(f, 8),
            },
            _ => null,
        };
    }

    private static int? LastNumber(string text)
    {
        var end = text.Length;
        while (end > 0 && !char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        return start < end && int.TryParse(text.AsSpan(start, end - start), out var n) ? n : null;
    }
}
