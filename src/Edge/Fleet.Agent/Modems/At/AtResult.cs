namespace Fleet.Agent.Modems.At;

/// <summary>How an AT command ended. Everything except <see cref="Ok"/> is a failure the caller handles as a value.</summary>
public enum AtStatus
{
    Ok,
    Error,
    CmeError,
    CmsError,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
    Connect,
    Timeout,

    /// <summary>The tty vanished while the command was in flight (USB reset, unplug).</summary>
    PortGone,

    /// <summary>No tty is open right now (waiting to reopen after a loss, or not started).</summary>
    NotConnected,
}

/// <summary>
/// Result of one AT command: the final status, the information lines between the command and the final
/// result (echo and unsolicited codes removed), and the numeric/text error for +CME/+CMS ERROR.
/// </summary>
public sealed record AtResult(AtStatus Status, string Command, IReadOnlyList<string> Lines, int? ErrorCode = null, string? ErrorText = null)
{
    public bool IsOk => Status == AtStatus.Ok;

    /// <summary>The information lines joined with "\n", the form the response parsers accept.</summary>
    public string Text => string.Join('\n', Lines);

    public static AtResult Failure(AtStatus status, string command, IReadOnlyList<string>? lines = null) =>
        new(status, command, lines ?? []);

    public override string ToString() => ErrorCode is { } code ? $"{Command} -> {Status} {code}" : $"{Command} -> {Status} ({Lines.Count} lines)";
}

/// <summary>An unsolicited result code (a line the modem sent that is not part of a command's answer).</summary>
public sealed record AtUrc(string Line, DateTimeOffset ReceivedAt);

/// <summary>Error counters of one AT channel; monotonically increasing.</summary>
public sealed record AtChannelCounters(long Commands, long Timeouts, long Errors, long Reconnects, long PortLosses);
