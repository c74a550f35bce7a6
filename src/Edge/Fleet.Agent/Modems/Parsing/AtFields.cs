using System.Globalization;

namespace Fleet.Agent.Modems.Parsing;

/// <summary>Field-level helpers shared by the response parsers. Modems pad with spaces, quote at will and use leading zeros.</summary>
public static class AtFields
{
    /// <summary>Splits on commas outside double quotes; fields are trimmed but keep their quotes.</summary>
    public static List<string> Split(ReadOnlySpan<char> text)
    {
        var fields = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (text[i] == ',' && !inQuotes)
            {
                fields.Add(text[start..i].Trim().ToString());
                start = i + 1;
            }
        }

        fields.Add(text[start..].Trim().ToString());
        return fields;
    }

    public static bool IsQuoted(string field) => field.Length >= 2 && field[0] == '"' && field[^1] == '"';

    public static string Unquote(string field)
    {
        var f = field.Trim();
        return IsQuoted(f) ? f[1..^1] : f;
    }

    /// <summary>Unquoted text, or null for empty and "-" (the vendors' "not available").</summary>
    public static string? Text(IReadOnlyList<string> fields, int index)
    {
        if (index >= fields.Count)
        {
            return null;
        }

        var f = Unquote(fields[index]).Trim();
        return f.Length == 0 || f == "-" ? null : f;
    }

    public static int? Int(IReadOnlyList<string> fields, int index) =>
        index < fields.Count && int.TryParse(Unquote(fields[index]).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static long? Long(IReadOnlyList<string> fields, int index) =>
        index < fields.Count && long.TryParse(Unquote(fields[index]).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static double? Double(IReadOnlyList<string> fields, int index) =>
        index < fields.Count && double.TryParse(Unquote(fields[index]).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Hex value of the leading hex digits (strtoul semantics: "0 5" is 0, "" is 0); null when there is no digit.</summary>
    public static ulong? HexPrefix(string field)
    {
        var f = Unquote(field).Trim();
        if (f.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            f = f[2..];
        }

        ulong value = 0;
        var digits = 0;
        foreach (var c in f)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0 || digits >= 16)
            {
                break;
            }

            value = (value * 16) + (ulong)d;
            digits++;
        }

        return digits == 0 ? null : value;
    }

    /// <summary>
    /// The payload after "PREFIX:" on the first line that starts with <paramref name="prefix"/> (case-insensitive),
    /// or null when no line does.
    /// </summary>
    public static string? Payload(string response, string prefix)
    {
        foreach (var line in Lines(response))
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = line[prefix.Length..];
                return rest.StartsWith(':') ? rest[1..].Trim() : rest.Trim();
            }
        }

        return null;
    }

    /// <summary>All payloads of lines starting with <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Payloads(string response, string prefix)
    {
        foreach (var line in Lines(response))
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = line[prefix.Length..];
                yield return rest.StartsWith(':') ? rest[1..].Trim() : rest.Trim();
            }
        }
    }

    /// <summary>Non-empty trimmed lines, split on CR and/or LF.</summary>
    public static IEnumerable<string> Lines(string response) =>
        response.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
