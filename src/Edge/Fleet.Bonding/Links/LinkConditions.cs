namespace Fleet.Bonding.Links;

/// <summary>What an in-memory path does to datagrams: rate, delay, jitter, loss, outage. Mutable at
/// run time (tests flip <see cref="Blackhole"/> or change <see cref="RateBitsPerSecond"/> mid-run).</summary>
public sealed class LinkConditions
{
    /// <summary>0 = unlimited.</summary>
    public double RateBitsPerSecond { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>Uniform extra delay 0..Jitter; the path stays FIFO (as a real queue does).</summary>
    public TimeSpan Jitter { get; set; }

    /// <summary>Random loss probability 0..1.</summary>
    public double Loss { get; set; }

    /// <summary>Tail-drop when the rate queue would exceed this delay.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Silently drop everything (coverage lost).</summary>
    public volatile bool Blackhole;

    public int Seed { get; set; } = 1;
}
