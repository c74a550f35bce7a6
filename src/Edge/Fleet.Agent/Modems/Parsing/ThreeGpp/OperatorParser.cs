using System.Text.RegularExpressions;

namespace Fleet.Agent.Modems.Parsing.ThreeGpp;

/// <summary>+COPS=? &lt;stat&gt;.</summary>
public enum NetworkAvailability
{
    Unknown = 0,
    Available = 1,
    Current = 2,
    Forbidden = 3,
}

/// <summary>One network of an AT+COPS=? scan. Empty names are null.</summary>
public sealed record ScannedNetwork(NetworkAvailability Status, string? OperatorLong, string? OperatorShort, string OperatorCode, AccessTechnology AccessTech);

/// <summary>AT+COPS? answer: selection mode, name format, the operator in that format, and access technology.</summary>
public sealed record CurrentOperator(int Mode, int? Format, string? Operator, AccessTechnology AccessTech)
{
    /// <summary>MCC+MNC when <see cref="Format"/> is numeric (2).</summary>
    public string? MccMnc => Format == 2 ? Operator : null;
}

/// <summary>Parsers for +COPS.</summary>
public static partial class OperatorParser
{
    /// <summary>
    /// Parses an AT+COPS=? scan. Entries with an access technology are tried first; devices without it
    /// (pre-UMTS) fall back to the 4-field form and are GSM. Entries whose code is not at least 5 characters
    /// are dropped: that is the trailing "(0,1,2,3),(0,1,2)" mode/format lists.
    /// </summary>
    public static IReadOnlyList<ScannedNetwork> ParseScan(string response, ModemCharset charset)
    {
        var networks = Collect(WithAccessTech().Matches(response), charset, hasAccessTech: true);
        return networks.Count > 0 ? networks : Collect(WithoutAccessTech().Matches(response), charset, hasAccessTech: false);
    }

    /// <summary>Parses "+COPS: mode[,format,oper[,act]]"; null when absent or malformed.</summary>
    public static CurrentOperator? ParseCurrent(string response, ModemCharset charset = ModemCharset.Ira)
    {
        if (AtFields.Payload(response, "+COPS") is not { } payload)
        {
            return null;
        }

        var f = AtFields.Split(payload);
        if (AtFields.Int(f, 0) is not { } mode)
        {
            return null;
        }

        var name = AtFields.Text(f, 2);
        return new CurrentOperator(
            mode,
            AtFields.Int(f, 1),
            name is null ? null : ModemStrings.Decode(name, charset),
            f.Count > 3 ? ThreeGppCodes.AccessTech(AtFields.Int(f, 3)) : AccessTechnology.Unknown);
    }

    private static List<ScannedNetwork> Collect(MatchCollection matches, ModemCharset charset, bool hasAccessTech)
    {
        var list = new List<ScannedNetwork>();
        foreach (Match m in matches)
        {
            var status = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (status > 3)
            {
                continue;
            }

            var code = Decode(m.Groups[4].Value, charset);
            if (code is null || code.Length < 5 || !code.All(char.IsAsciiDigit))
            {
                continue;
            }

            var act = hasAccessTech && int.TryParse(m.Groups[5].Value, out var a) ? ThreeGppCodes.AccessTech(a) : AccessTechnology.Gsm;
            list.Add(new ScannedNetwork((NetworkAvailability)status, Decode(m.Groups[2].Value, charset), Decode(m.Groups[3].Value, charset), code, act));
        }

        return list;
    }

    private static string? Decode(string raw, ModemCharset charset)
    {
        var text = AtFields.Unquote(raw).Trim();
        return text.Length == 0 ? null : ModemStrings.Decode(text, charset);
    }

    // (stat,"long",short,code[)],act) — the optional ')' copes with the Ericsson/Sony-Ericsson stray paren.
    [GeneratedRegex("""\((\d),"([^"\)]*?)",([^,\)]*?),([^,\)]*?)\)?,(\d+?)\)""")]
    private static partial Regex WithAccessTech();

    [GeneratedRegex("""\((\d),([^,\)]*?),([^,\)]*?),([^\)]*?)\)""")]
    private static partial Regex WithoutAccessTech();
}
