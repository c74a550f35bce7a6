namespace Fleet.Agent.Modems.At;

/// <summary>Settings of one AT channel (one modem tty).</summary>
public sealed class AtEngineOptions
{
    /// <summary>tty path, e.g. /dev/ttyUSB2 or a udev symlink such as /dev/modem-sim1-at.</summary>
    public string DevicePath { get; set; } = "";

    public int BaudRate { get; set; } = 115200;

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First reopen delay after the tty vanished; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this many timeouts in a row the tty is closed and reopened: a wedged USB modem often answers again
    /// only after its port is reopened. 0 disables.
    /// </summary>
    public int ReopenAfterConsecutiveTimeouts { get; set; } = 5;

    /// <summary>Commands sent after every (re)open, e.g. "AT+CMEE=1" so errors carry numbers.</summary>
    public IList<string> InitCommands { get; } = ["AT+CMEE=1"];

    /// <summary>Extra unsolicited prefixes beyond <see cref="AtLineClassifier.DefaultUrcPrefixes"/>.</summary>
    public IList<string> ExtraUrcPrefixes { get; } = [];

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DevicePath))
        {
            yield return "DevicePath is required";
        }

        if (DefaultTimeout <= TimeSpan.Zero)
        {
            yield return "DefaultTimeout must be positive";
        }

        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            yield return "ReconnectMinDelay must be positive and not above ReconnectMaxDelay";
        }
    }
}
