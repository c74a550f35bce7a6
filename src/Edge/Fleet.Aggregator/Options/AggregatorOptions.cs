namespace Fleet.Aggregator.Options;

/// <summary>Daemon settings (section "Aggregator"; the CLI flags map onto these keys).</summary>
public sealed class AggregatorOptions
{
    public const string Section = "Aggregator";

    /// <summary>UDP listen endpoint for every agent uplink, e.g. "0.0.0.0:7000".</summary>
    public string Listen { get; set; } = "0.0.0.0:7000";

    public string TunName { get; set; } = "fleet%d";

    /// <summary>Server inner address with prefix, e.g. "10.254.0.1/30".</summary>
    public string TunIp { get; set; } = "";

    /// <summary>Underlay MTU 1500 − 28 (IPv4+UDP) − 48 (Fleet header and tag).</summary>
    public int TunMtu { get; set; } = 1424;

    /// <summary>The server's P-256 private key (PKCS#8 PEM), as written by `keygen`.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Authorised agents: "PUBKEY=PREFIX[,PREFIX...]"; PUBKEY is a .pub file path or base64.
    /// Stands in for the assignments central hands out.</summary>
    public List<string> Peers { get; set; } = [];

    /// <summary>Upstream interface to masquerade agent traffic to; empty = no NAT (routed setup).</summary>
    public string NatOut { get; set; } = "";

    public int StatsIntervalSeconds { get; set; } = 10;
}
