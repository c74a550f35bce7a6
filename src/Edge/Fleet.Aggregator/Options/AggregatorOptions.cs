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

    /// <summary>Release received packets at one common delay (Fleet.Bonding BondingOptions.CommonDelayRelease).</summary>
    public bool CommonDelayRelease { get; set; }

    /// <summary>Playout headroom above the slowest live link's delay floor (ms; Fleet.Bonding BondingOptions.PlayoutHeadroom).</summary>
    public int PlayoutHeadroomMs { get; set; } = 25;

    /// <summary>Central's gRPC address (e.g. "http://central:5081"). When set, the server registers, heartbeats and
    /// takes the authorised agents from central instead of (or besides) <see cref="Peers"/>.</summary>
    public string Central { get; set; } = "";

    /// <summary>Central's Central:AggregatorRegistrationKey.</summary>
    public string RegistrationKey { get; set; } = "";

    /// <summary>Shown on the dashboard; defaults to the host name.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>Vehicles prefer servers of their own region.</summary>
    public string Region { get; set; } = "default";

    /// <summary>"host:port" endpoints agents reach this server at; defaults to <see cref="Listen"/> when that is
    /// a specific address.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Sessions this server is sized for; central moves vehicles away above it.</summary>
    public int CapacitySessions { get; set; } = 1000;

    /// <summary>The pool central hands device tunnel addresses from (its Enrollment:TunnelPool): masqueraded
    /// to the upstream interface when NatOut is set.</summary>
    public string AgentPool { get; set; } = "100.64.0.0/10";

    /// <summary>The endpoints announced to central.</summary>
    public IReadOnlyList<string> AnnouncedEndpoints =>
        Endpoints.Count > 0 ? Endpoints
        : System.Net.IPEndPoint.TryParse(Listen, out var listen) && !listen.Address.Equals(System.Net.IPAddress.Any) ? [Listen]
        : [];
}
