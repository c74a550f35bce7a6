using Fleet.Bonding;

namespace Fleet.Agent.Bonding;

/// <summary>Settings of `fleet-agent bond` (section "Bond"; flags map onto these keys).</summary>
public sealed class BondOptions
{
    public const string Section = "Bond";

    /// <summary>The aggregation server's UDP endpoint, ADDR:PORT.</summary>
    public string Server { get; set; } = "";

    /// <summary>Space- or comma-separated uplinks: source addresses or interface names, at most 8.</summary>
    public string Uplinks { get; set; } = "";

    public string TunName { get; set; } = "fleet%d";

    public string TunIp { get; set; } = "";

    public int TunMtu { get; set; } = 1424;

    public string KeyFile { get; set; } = "";

    /// <summary>The server's public key: a .pub file or the base64 text.</summary>
    public string ServerKey { get; set; } = "";

    public SchedulingMode Mode { get; set; } = SchedulingMode.Bond;

    /// <summary>Release received packets at one common delay (see <see cref="BondingOptions.CommonDelayRelease"/>).</summary>
    public bool CommonDelayRelease { get; set; }

    /// <summary>Playout headroom above the slowest live link's delay floor (ms; see <see cref="BondingOptions.PlayoutHeadroom"/>).</summary>
    public int PlayoutHeadroomMs { get; set; } = 25;

    public int StatsIntervalSeconds { get; set; } = 10;

    public IReadOnlyList<string> UplinkList =>
        Uplinks.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
