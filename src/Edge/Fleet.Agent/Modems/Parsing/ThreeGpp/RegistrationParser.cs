namespace Fleet.Agent.Modems.Parsing.ThreeGpp;

/// <summary>Which registration command a line came from.</summary>
public enum RegistrationDomain
{
    Creg,
    Cgreg,
    Cereg,
    C5greg,
}

/// <summary>Parsed +CREG/+CGREG/+CEREG/+C5GREG. Lac is the LAC/TAC, CellId the (E/N)CI; 0 when not reported.</summary>
public sealed record RegistrationInfo(RegistrationDomain Domain, RegistrationState State, ulong Lac, ulong CellId, AccessTechnology AccessTech)
{
    public bool IsRegistered => State is RegistrationState.Home or RegistrationState.Roaming or RegistrationState.HomeSmsOnly
        or RegistrationState.RoamingSmsOnly or RegistrationState.HomeCsfbNotPreferred or RegistrationState.RoamingCsfbNotPreferred;
}

/// <summary>
/// Parses the solicited (AT+CxREG? → "n,stat,...") and unsolicited ("stat,...") registration forms, including
/// the field-order quirks of real devices: RAC inserted before (CEREG) or after (CGREG) the cell id, a stray
/// &lt;n&gt; in unsolicited codes, spaces inside fields, leading zeros and multi-digit &lt;stat&gt;.
/// </summary>
public static class RegistrationParser
{
    private static readonly (string Prefix, RegistrationDomain Domain)[] Prefixes =
    [
        ("+C5GREG:", RegistrationDomain.C5greg), ("+CEREG:", RegistrationDomain.Cereg),
        ("+CGREG:", RegistrationDomain.Cgreg), ("+CREG:", RegistrationDomain.Creg),
    ];

    /// <summary>Parses the first registration line in <paramref name="response"/>; null when there is none or it is malformed.</summary>
    public static RegistrationInfo? Parse(string response, bool solicited)
    {
        foreach (var line in AtFields.Lines(response))
        {
            foreach (var (prefix, domain) in Prefixes)
            {
                if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return ParseFields(domain, AtFields.Split(line.AsSpan(prefix.Length)), solicited);
                }
            }
        }

        return null;
    }

    private static RegistrationInfo? ParseFields(RegistrationDomain domain, List<string> fields, bool solicited)
    {
        if (fields.Count == 0 || fields[0].Length == 0)
        {
            return null;
        }

        var rest = HasLeadingN(fields, solicited) ? fields.GetRange(1, fields.Count - 1) : fields;
        if (rest.Count == 0 || AtFields.Int(rest, 0) is not { } stat || ThreeGppCodes.Registration(stat) is not { } state)
        {
            return null;
        }

        // Positions of lac / ci / act in "stat,..." for each shape seen in the field.
        int lacAt = -1, ciAt = -1, actAt = -1;
        switch (rest.Count)
        {
            case 1 or 2:
                break;
            case 3:
                (lacAt, ciAt) = (1, 2);
                break;
            case 4:
                (lacAt, ciAt, actAt) = (1, 2, 3);
                break;
            case 5 when domain == RegistrationDomain.Cereg:
                // +CEREG: stat,tac,rac,ci,act (27.007 v8.6 with RAC).
                (lacAt, ciAt, actAt) = (1, 3, 4);
                break;
            default:
                // +CREG/+CGREG: stat,lac,ci,act,rac; +C5GREG: stat,tac,ci,act,nssai_len,nssai;
                // newer +CEREG: stat,tac,ci,act,cause_type,reject_cause.
                (lacAt, ciAt, actAt) = (1, 2, 3);
                break;
        }

        var lac = lacAt >= 0 ? AtFields.HexPrefix(rest[lacAt]) ?? 0 : 0;
        var ci = ciAt >= 0 ? AtFields.HexPrefix(rest[ciAt]) ?? 0 : 0;
        var act = actAt >= 0 ? ThreeGppCodes.AccessTech(AtFields.Int(rest, actAt)) : AccessTechnology.Unknown;
        return new RegistrationInfo(domain, state, lac, ci, act);
    }

    /// <summary>
    /// Solicited answers always start with &lt;n&gt;. Some devices also put it in unsolicited codes; there the
    /// second field then looks like a &lt;stat&gt; (one or two unquoted digits) rather than a LAC.
    /// </summary>
    private static bool HasLeadingN(List<string> fields, bool solicited)
    {
        if (fields.Count < 2)
        {
            return false;
        }

        if (solicited)
        {
            return true;
        }

        var n = AtFields.Int(fields, 0);
        var second = fields[1];
        return n is >= 0 and <= 5 && !AtFields.IsQuoted(fields[0]) && !AtFields.IsQuoted(second)
            && second.Length is >= 1 and <= 2 && second.All(char.IsAsciiDigit)
            && AtFields.Int(fields, 1) is >= 0 and <= 11;
    }
}
