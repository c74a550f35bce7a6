using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Simulation;

namespace Fleet.Agent.Modems.Monitoring;

/// <summary>
/// What one modem (one carrier) looks like right now. Immutable; a new instance is published on every change.
/// Signal values are dBm (RSSI, RSRP) and dB (RSRQ, SINR); null when the modem did not report them.
/// Counters are cumulative since the agent started.
/// </summary>
public sealed record ModemSnapshot
{
    public required string Name { get; init; }

    public required string DevicePath { get; init; }

    public ModemVendor Vendor { get; init; }

    public bool Connected { get; init; }

    public string? Model { get; init; }

    public string? Iccid { get; init; }

    public string? Operator { get; init; }

    public string? MccMnc { get; init; }

    public AccessTechnology AccessTech { get; init; }

    public RegistrationState? Registration { get; init; }

    public double? Rssi { get; init; }

    public double? Rsrp { get; init; }

    public double? Rsrq { get; init; }

    public double? Sinr { get; init; }

    /// <summary>Serving cell id as the modem printed it (hex for LTE/NR).</summary>
    public string? CellId { get; init; }

    public string? Tac { get; init; }

    public long Timeouts { get; init; }

    public long Errors { get; init; }

    public long Reconnects { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Equal ignoring <see cref="UpdatedAt"/>: used to decide whether to raise a change.</summary>
    public bool SameStateAs(ModemSnapshot? other) => other is not null && this with { UpdatedAt = other.UpdatedAt } == other;
}

/// <summary>Per-carrier modem state for telemetry and bonding.</summary>
public interface IModemMonitor
{
    /// <summary>Latest snapshot per configured modem name.</summary>
    IReadOnlyDictionary<string, ModemSnapshot> Current { get; }

    /// <summary>Raised (on a background thread) whenever a modem's state changes.</summary>
    event EventHandler<ModemSnapshot>? SnapshotChanged;

    /// <summary>The modem's own GNSS, when that modem is configured as a GNSS source.</summary>
    Gnss.IModemGnss? Gnss(string modemName);
}
