namespace Fleet.Agent.Modems.Parsing.Huawei;

/// <summary>^SYSINFO: srv_status,srv_domain,roam_status,sys_mode,sim_state[,lock_state,sys_submode].</summary>
public sealed record HuaweiSysInfo(int SrvStatus, int SrvDomain, int RoamStatus, int SysMode, int SimState, bool SysSubmodeValid, int SysSubmode);

/// <summary>^SYSINFOEX: srv_status,srv_domain,roam_status,sim_state,lock_state,sysmode,"name",submode,"name".</summary>
public sealed record HuaweiSysInfoEx(int SrvStatus, int SrvDomain, int RoamStatus, int SimState, int SysMode, string? SysModeName, int SysSubmode, string? SysSubmodeName);

/// <summary>
/// ^HCSQ: raw Huawei signal indices. LTE: value1..4 = RSSI, RSRP, SINR, RSRQ; WCDMA: RSSI, RSCP, EcIo; GSM: RSSI.
/// </summary>
public sealed record HuaweiSignal(AccessTechnology AccessTech, int Value1, int Value2, int Value3, int Value4, int Value5)
{
    /// <summary>RSSI in dBm: index 0..96 → -121 + index (both GSM and LTE tables).</summary>
    public double? RssiDbm => Value1 is > 0 and <= 96 ? -121.0 + Value1 : null;

    /// <summary>LTE RSRP dBm: index 0..97 → -141 + index.</summary>
    public double? RsrpDbm => AccessTech == AccessTechnology.Lte && Value2 is > 0 and <= 97 ? -141.0 + Value2 : null;

    /// <summary>LTE SINR dB: index 0..251 → -20 + index/5.</summary>
    public double? SinrDb => AccessTech == AccessTechnology.Lte && Value3 is > 0 and <= 251 ? -20.0 + (Value3 * 0.2) : null;

    /// <summary>LTE RSRQ dB: index 0..34 → -20 + index/2.</summary>
    public double? RsrqDb => AccessTech == AccessTechnology.Lte && Value4 is > 0 and <= 34 ? -20.0 + (Value4 * 0.5) : null;
}

/// <summary>^NDISSTAT / ^NDISSTATQRY connection state per IP family; *Connected is meaningful only when *Available.</summary>
public sealed record HuaweiNdisStatus(bool Ipv4Available, bool Ipv4Connected, bool Ipv6Available, bool Ipv6Connected);

public static class HuaweiParsers
{
    public static HuaweiSysInfo? ParseSysInfo(string response)
    {
        if (AtFields.Payload(response, "^SYSINFO") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        if (f.Count < 5 || AtFields.Int(f, 0) is not { } srv || AtFields.Int(f, 1) is not { } domain || AtFields.Int(f, 2) is not { } roam
            || AtFields.Int(f, 3) is not { } mode || AtFields.Int(f, 4) is not { } sim)
        {
            return null;
        }

        // The 6th field is lock_state on some firmware and absent on others; only a 7th field is the submode.
        var submode = AtFields.Int(f, 6);
        return new HuaweiSysInfo(srv, domain, roam, mode, sim, submode is not null, submode ?? AtFields.Int(f, 5) ?? 0);
    }

    public static HuaweiSysInfoEx? ParseSysInfoEx(string response)
    {
        if (AtFields.Payload(response, "^SYSINFOEX") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        if (f.Count < 6 || AtFields.Int(f, 0) is not { } srv || AtFields.Int(f, 1) is not { } domain || AtFields.Int(f, 2) is not { } roam
            || AtFields.Int(f, 3) is not { } sim || AtFields.Int(f, 5) is not { } mode)
        {
            return null;
        }

        return new HuaweiSysInfoEx(srv, domain, roam, sim, mode, AtFields.Text(f, 6), AtFields.Int(f, 7) ?? 0, AtFields.Text(f, 8));
    }

    /// <summary>Null for "NOSERVICE" or an unknown mode (no signal to report).</summary>
    public static HuaweiSignal? ParseHcsq(string response)
    {
        if (AtFields.Payload(response, "^HCSQ") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        var act = ThreeGppCodes.FromName(AtFields.Text(f, 0));
        if (act == AccessTechnology.Unknown)
        {
            return null;
        }

        return new HuaweiSignal(act, AtFields.Int(f, 1) ?? 0, AtFields.Int(f, 2) ?? 0, AtFields.Int(f, 3) ?? 0, AtFields.Int(f, 4) ?? 0, AtFields.Int(f, 5) ?? 0);
    }

    /// <summary>
    /// Accepts one line per family ("1,,,IPV4"), both families on one line ("1,,,"IPV4",0,,,"IPV6""), and the
    /// bare "^NDISSTATQry:1" of older firmware (IPv4 only).
    /// </summary>
    public static HuaweiNdisStatus? ParseNdisStat(string response)
    {
        bool v4a = false, v4c = false, v6a = false, v6c = false, any = false;
        foreach (var line in AtFields.Lines(response))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !line.StartsWith("^NDISSTAT", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var f = AtFields.Split(line.AsSpan(colon + 1));
            if (f.Count == 1 && AtFields.Int(f, 0) is { } bare)
            {
                (v4a, v4c, any) = (true, bare == 1, true);
                continue;
            }

            for (var i = 0; i + 3 < f.Count; i += 4)
            {
                if (AtFields.Int(f, i) is not { } stat)
                {
                    continue;
                }

                switch (AtFields.Text(f, i + 3)?.ToUpperInvariant())
                {
                    case "IPV4":
                        (v4a, v4c, any) = (true, stat == 1, true);
                        break;
                    case "IPV6":
                        (v6a, v6c, any) = (true, stat == 1, true);
                        break;
                }
            }
        }

        return any ? new HuaweiNdisStatus(v4a, v4c, v6a, v6c) : null;
    }
}
