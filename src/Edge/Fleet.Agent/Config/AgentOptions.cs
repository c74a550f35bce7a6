namespace Fleet.Agent.Config;

/// <summary>The agent's JSON config file (see <see cref="AgentConfigFile"/>); names are camelCase in JSON.</summary>
public sealed class AgentOptions
{
    /// <summary>Central's gRPC address, e.g. https://central.example:5081.</summary>
    public string? Central { get; set; }

    /// <summary>One-time enrollment token; used only until stateDir/identity.json exists.</summary>
    public string? EnrollmentToken { get; set; }

    /// <summary>File holding the enrollment token (keeps it out of the config file).</summary>
    public string? EnrollmentTokenFile { get; set; }

    public string? StateDir { get; set; }

    public List<UplinkOptions> Uplinks { get; set; } = [];

    public List<ModemOptions> Modems { get; set; } = [];

    public GpsOptions Gps { get; set; } = new();

    public IntervalOptions Intervals { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>The bonded tunnels to the assigned aggregation server (off unless enabled).</summary>
    public TunnelOptions Tunnel { get; set; } = new();

    public string IdentityPath => Path.Combine(StateDir ?? ".", "identity.json");

    public string OutboxPath => Outbox.Path ?? Path.Combine(StateDir ?? ".", "outbox.db");
}

public sealed class UplinkOptions
{
    public string? Name { get; set; }

    /// <summary>Network interface the uplink's tunnel is bound to, e.g. wwan0.</summary>
    public string? Interface { get; set; }

    public string? SourceAddress { get; set; }

    /// <summary>Names this uplink's carrier has in central's coverage cells (operator name, MCC-MNC), for the coverage hints.</summary>
    public List<string> Carriers { get; set; } = [];

    /// <summary>Name of the modem serving this uplink (its radio metrics join the link series); default: the modem with the uplink's name.</summary>
    public string? Modem { get; set; }
}

public sealed class ModemOptions
{
    public string? Name { get; set; }

    /// <summary>AT command tty, e.g. /dev/ttyUSB2 (either this or ModemManagerId).</summary>
    public string? Device { get; set; }

    public string? ModemManagerId { get; set; }

    public string Vendor { get; set; } = "generic";
}

public sealed class GpsOptions
{
    /// <summary>nmea-tty | gpsd | nmea-file | modem | none.</summary>
    public string Source { get; set; } = "gpsd";

    public string? Device { get; set; }

    public string? Path { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2947;

    public double ReplaySpeed { get; set; } = 1.0;

    /// <summary>For source "modem": the modem (by name) whose GNSS NMEA port is read.</summary>
    public string? Modem { get; set; }
}

public sealed class IntervalOptions
{
    public int GpsMs { get; set; } = 1000;

    public int LinkMs { get; set; } = 1000;

    public int HealthMs { get; set; } = 10000;

    public int BatchSeconds { get; set; } = 600;
}

public sealed class OutboxOptions
{
    /// <summary>SQLite file; default stateDir/outbox.db.</summary>
    public string? Path { get; set; }

    public long MaxBytes { get; set; } = 256L * 1024 * 1024;
}

public sealed class TunnelOptions
{
    /// <summary>Run the data plane in the daemon: TUN + one UDP tunnel per uplink to central's assigned server.</summary>
    public bool Enabled { get; set; }

    public string TunName { get; set; } = "fleet%d";

    /// <summary>The vehicle side of the TUN device, CIDR; empty = the address central allotted at enrollment.</summary>
    public string? TunIp { get; set; }

    public int TunMtu { get; set; } = 1424;

    /// <summary>A tunnel that carried nothing this long moves to the assignment's other server without waiting for central.</summary>
    public double FailoverSilenceSeconds { get; set; } = 3;
}
