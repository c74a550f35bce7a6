namespace Fleet.Agent.Gps;

/// <summary>Why a line was not accepted as an NMEA 0183 sentence.</summary>
public enum NmeaLineError
{
    None,
    NotASentence,
    MissingChecksum,
    BadChecksum,
}

/// <summary>A checksum-verified NMEA 0183 sentence split into its comma-separated fields.</summary>
public sealed class NmeaSentence
{
    private NmeaSentence(string talker, string type, string[] fields)
    {
        Talker = talker;
        Type = type;
        Fields = fields;
    }

    /// <summary>Two-letter talker id (GP, GN, GL, BD, GA, GB, ...); "P" for proprietary sentences.</summary>
    public string Talker { get; }

    /// <summary>Sentence formatter, e.g. "RMC".</summary>
    public string Type { get; }

    /// <summary>Data fields after the address field (index 0 is the first data field).</summary>
    public string[] Fields { get; }

    public string Field(int index) => index < Fields.Length ? Fields[index] : "";

    /// <summary>
    /// Parses one line. A checksum is required: logs from real receivers contain truncated
    /// and spliced lines that would otherwise parse as plausible but wrong data.
    /// </summary>
    public static NmeaLineError TryParse(ReadOnlySpan<char> line, out NmeaSentence? sentence)
    {
        sentence = null;
        line = line.Trim();
        if (line.Length < 7 || (line[0] != '$' && line[0] != '!'))
        {
            return NmeaLineError.NotASentence;
        }

        var star = line.LastIndexOf('*');
        if (star < 0 || star + 3 > line.Length)
        {
            return NmeaLineError.MissingChecksum;
        }

        var body = line[1..star];
        byte sum = 0;
        foreach (var c in body)
        {
            if (c > 0x7e || c == '$' || c == '*')
            {
                // A '$' inside the body means two sentences were spliced by a lost line ending.
                return NmeaLineError.BadChecksum;
            }

            sum ^= (byte)c;
        }

        if (!byte.TryParse(line.Slice(star + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var expected) || expected != sum)
        {
            return NmeaLineError.BadChecksum;
        }

        var parts = body.ToString().Split(',');
        var address = parts[0];
        if (address.Length < 2)
        {
            return NmeaLineError.NotASentence;
        }

        string talker;
        string type;
        if (address[0] == 'P')
        {
            talker = "P";
            type = address[1..];
        }
        else if (address.Length == 5)
        {
            talker = address[..2];
            type = address[2..];
        }
        else
        {
            return NmeaLineError.NotASentence;
        }

        sentence = new NmeaSentence(talker, type, parts[1..]);
        return NmeaLineError.None;
    }
}
