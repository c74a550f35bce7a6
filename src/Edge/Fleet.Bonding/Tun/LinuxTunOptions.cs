using System.Net;

namespace Fleet.Bonding.Tun;

/// <summary>How to create a TUN device. Address is optional: the caller may configure it with other tools.</summary>
public sealed record LinuxTunOptions
{
    /// <summary>Interface name (max 15 bytes); a trailing "%d" lets the kernel pick a free number.</summary>
    public string Name { get; init; } = "fleet%d";

    public int Mtu { get; init; } = 1400;

    public IPAddress? Address { get; init; }

    public int PrefixLength { get; init; } = 30;

    /// <summary>Kernel-side queue length; the default 500 drops bursts of forwarded traffic too early.</summary>
    public int TxQueueLength { get; init; } = 1000;

    /// <summary>Parses "10.254.0.2/30" into address and prefix; a clear error for anything else.</summary>
    public static bool TryParseCidr(string text, out IPAddress address, out int prefixLength, out string error)
    {
        address = IPAddress.None;
        prefixLength = 32;
        error = "";
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            error = $"'{text}' is not an IPv4 address with optional /prefix";
            return false;
        }
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefixLength) || prefixLength is < 1 or > 32))
        {
            error = $"'{text}' has a prefix length outside 1..32";
            return false;
        }
        address = parsed;
        return true;
    }
}
