namespace Fleet.LinkShaper.Config;

/// <summary>
/// The shaper's JSON configuration (written by bench/bond.sh). One entry per emulated uplink: the two
/// interfaces it bridges inside the shaper namespace (A faces the vehicle, B the server) and the shaping
/// of each direction (Up = A→B, Down = B→A). Events fire at seconds after the epoch.
/// </summary>
public sealed class ShaperConfig
{
    public List<LinkConfig> Links { get; set; } = [];

    public List<EventConfig> Events { get; set; } = [];

    /// <summary>Seed for loss and jitter; each direction derives its own.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Frame buffers per direction (queue + frames in flight on the delay line).</summary>
    public int SlotsPerDirection { get; set; } = 4096;
}

public sealed class LinkConfig
{
    public string Name { get; set; } = "";
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public DirectionConfig Up { get; set; } = new();
    public DirectionConfig Down { get; set; } = new();
}

public sealed class DirectionConfig
{
    /// <summary>Constant capacity in Mbit/s; ignored when <see cref="Trace"/> is set. Null and no trace = unlimited.</summary>
    public double? RateMbit { get; set; }

    /// <summary>A mahimahi or JSON capacity trace file (optionally .gz).</summary>
    public string? Trace { get; set; }

    /// <summary>Multiplies the trace's capacity (e.g. 0.5 to halve a 4G trace).</summary>
    public double TraceScale { get; set; } = 1;

    public double DelayMs { get; set; }
    public double JitterMs { get; set; }
    public bool Reorder { get; set; }
    public double LossPct { get; set; }
    public GilbertElliottConfig? BurstLoss { get; set; }
    public double QueueMs { get; set; } = 50;
    public long QueueBytes { get; set; }
}

/// <summary>Gilbert-Elliott parameters as probabilities per packet (0..1).</summary>
public sealed class GilbertElliottConfig
{
    public double P { get; set; }
    public double R { get; set; } = 1;
    public double LossInBad { get; set; } = 1;
    public double LossInGood { get; set; }
}

public sealed class EventConfig
{
    public double At { get; set; }
    public string Command { get; set; } = "";
}
