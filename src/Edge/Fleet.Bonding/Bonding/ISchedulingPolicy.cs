namespace Fleet.Bonding;

/// <summary>What the scheduler may look at for one packet.</summary>
public readonly ref struct PacketContext
{
    public PacketContext(ReadOnlySpan<byte> packet, long nowUs)
    {
        Packet = packet;
        NowUs = nowUs;
    }

    public ReadOnlySpan<byte> Packet { get; }

    public long NowUs { get; }
}

/// <summary>The scheduler's view of one link (a struct, rebuilt without allocation per decision).</summary>
public readonly record struct LinkView(int Index, int LinkId, LinkState State, double EffectiveRateBitsPerSecond,
    double PredictedArrivalUs, double QueueDelayUs, double LossFraction)
{
    public bool IsSchedulable => State is LinkState.Up or LinkState.Degraded;
}

/// <summary>The scheduler's decision: up to two links (two = duplicate) and how the receiver treats it.</summary>
public struct ScheduleDecision
{
    public int First;
    public int Second;

    /// <summary>Deliver without reordering (flow-pinned or duplicated traffic).</summary>
    public bool Unordered;

    public readonly int Count => First < 0 ? 0 : Second < 0 ? 1 : 2;

    public static ScheduleDecision None => new() { First = -1, Second = -1 };
}

/// <summary>
/// A named per-packet scheduling policy (in the spirit of YARP's load-balancing policies). Picks link
/// indexes into <paramref name="links"/>; must not allocate. Called under the session's send lock.
/// </summary>
public interface ISchedulingPolicy
{
    string Name { get; }

    ScheduleDecision Select(in PacketContext packet, ReadOnlySpan<LinkView> links);
}
