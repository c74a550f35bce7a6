using System.Text;

namespace Fleet.Agent.Modems.Parsing.ThreeGpp;

/// <summary>The character set the modem uses for strings (AT+CSCS).</summary>
public enum ModemCharset
{
    Gsm,
    Ira,
    Ucs2,
}

/// <summary>Decodes modem strings to .NET strings.</summary>
public static class ModemStrings
{
    /// <summary>
    /// GSM 03.38 default alphabet where it differs from ASCII in the printable range (unpacked septets);
    /// e.g. ZTE modems send "AT&amp;T@" meaning "AT&amp;T¡".
    /// </summary>
    private static readonly Dictionary<char, char> GsmDifferences = new()
    {
        ['$'] = '¤', ['@'] = '¡', ['['] = 'Ä', ['\\'] = 'Ö', [']'] = 'Ñ', ['^'] = 'Ü', ['_'] = '§', ['`'] = '¿',
        ['{'] = 'ä', ['|'] = 'ö', ['}'] = 'ñ', ['~'] = 'ü', ['\x7f'] = 'à', ['\0'] = '@', ['\x02'] = '$', ['\x11'] = '_',
    };

    public static string Decode(string value, ModemCharset charset) => charset switch
    {
        ModemCharset.Ucs2 => TryDecodeUcs2(value) ?? value,
        ModemCharset.Gsm => DecodeGsm(value),
        _ => value,
    };

    /// <summary>Hex UCS-2 ("004D006F...") to text; null when the input is not hex UCS-2.</summary>
    public static string? TryDecodeUcs2(string hex)
    {
        if (hex.Length == 0 || hex.Length % 4 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        var sb = new StringBuilder(hex.Length / 4);
        for (var i = 0; i < hex.Length; i += 4)
        {
            sb.Append((char)Convert.ToUInt16(hex.Substring(i, 4), 16));
        }

        return sb.ToString();
    }

    public static string DecodeGsm(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(GsmDifferences.TryGetValue(c, out var mapped) ? mapped : c);
        }

        return sb.ToString();
    }
}
