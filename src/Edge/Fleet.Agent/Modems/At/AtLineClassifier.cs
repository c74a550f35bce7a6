namespace Fleet.Agent.Modems.At;

/// <summary>
/// Decides what a received line is: a final result code, an unsolicited code, or part of the answer.
/// A line whose prefix is also the running command's own (+CEREG: during AT+CEREG?) belongs to the answer.
/// </summary>
public static class AtLineClassifier
{
    /// <summary>Prefixes modems send unprompted. Lines with these prefixes are answers only when the running command asked for them.</summary>
    public static readonly IReadOnlyList<string> DefaultUrcPrefixes =
    [
        "+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:", "RING", "+CRING:", "+CLIP:", "+CMTI:", "+CMT:", "+CDSI:", "+CBM:",
        "+CUSD:", "+CGEV:", "+CTZV:", "+CTZE:", "+CIEV:", "+CPIN:", "^HCSQ:", "^RSSI:", "^MODE:", "^BOOT:", "^SRVST:",
        "^SIMST:", "^NDISSTAT:", "^DSFLOWRPT:", "^SYSSTART", "^SMONI:", "+QIND:", "+QUSIM:", "+QIURC:", "+QNETDEVSTATUS:",
        "+CGPSINFO:", "+CGNSSINFO:", "+CPSI:", "*PSUTTZ:", "DST:", "+PSUTTZ:", "RDY", "SMS DONE", "PB DONE",
        "+CPIN READY", "NORMAL POWER DOWN", "POWERED DOWN",
    ];

    /// <summary>The response prefix a command asks for: "AT+CEREG?" → "+CEREG", "AT^SYSINFO" → "^SYSINFO"; null for basic commands (ATI).</summary>
    public static string? CommandName(string command)
    {
        var c = command.AsSpan().Trim();
        if (c.Length > 2 && (c[..2].Equals("AT", StringComparison.OrdinalIgnoreCase)))
        {
            c = c[2..];
        }

        if (c.Length == 0 || c[0] is not ('+' or '^' or '$' or '*' or '#' or '%'))
        {
            return null;
        }

        var end = c.IndexOfAny('=', '?');
        return (end < 0 ? c : c[..end]).ToString().ToUpperInvariant();
    }

    /// <summary>Recognises final result codes. Returns false for anything else.</summary>
    public static bool TryParseFinal(string line, out AtStatus status, out int? code, out string? text)
    {
        code = null;
        text = null;
        status = line switch
        {
            "OK" => AtStatus.Ok,
            "ERROR" or "COMMAND NOT SUPPORT" or "TOO MANY PARAMETERS" => AtStatus.Error,
            "NO CARRIER" => AtStatus.NoCarrier,
            "BUSY" => AtStatus.Busy,
            "NO ANSWER" => AtStatus.NoAnswer,
            "NO DIALTONE" or "NO DIAL TONE" => AtStatus.NoDialtone,
            _ => (AtStatus)(-1),
        };
        if ((int)status >= 0)
        {
            return true;
        }

        if (line.StartsWith("CONNECT", StringComparison.Ordinal))
        {
            status = AtStatus.Connect;
            return true;
        }

        foreach (var (prefix, kind) in new[] { ("+CME ERROR:", AtStatus.CmeError), ("+CMS ERROR:", AtStatus.CmsError) })
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                status = kind;
                var rest = line[prefix.Length..].Trim();
                if (int.TryParse(rest, out var n))
                {
                    code = n;
                }
                else
                {
                    text = rest;
                }

                return true;
            }
        }

        status = AtStatus.Ok;
        return false;
    }

    /// <summary>True when <paramref name="line"/> is unsolicited given the running command (null when idle).</summary>
    public static bool IsUnsolicited(string line, string? runningCommandName, IReadOnlyList<string> urcPrefixes)
    {
        foreach (var prefix in urcPrefixes)
        {
            if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var linePrefix = colon > 0 ? line[..colon] : line;

            // AT^NDISSTATQRY? answers with ^NDISSTAT: lines; AT+CEREG? with +CEREG:.
            return runningCommandName is null || !runningCommandName.StartsWith(linePrefix, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }
}
