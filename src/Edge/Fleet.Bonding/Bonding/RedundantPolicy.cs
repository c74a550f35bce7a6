namespace Fleet.Bonding;

/// <summary>
/// Realtime traffic — DSCP EF (46) or small UDP (voice, games) — goes out twice, on the two links with
/// the earliest predicted arrival, and is delivered unordered; the receiver keeps the first copy. All
/// other traffic is scheduled by <see cref="EarliestArrivalPolicy"/>.
/// </summary>
public sealed class RedundantPolicy(BondingOptions options) : ISchedulingPolicy
{
    public const int ExpeditedForwarding = 46;

    private readonly double _maxQueueUs = options.MaxLinkQueueDelay.TotalMicroseconds;
    private readonly int _maxUdpPayload = options.RedundantMaxUdpPayload;

    public string Name => "redundant";

    public bool IsRealtime(ReadOnlySpan<byte> packet)
    {
        if (InnerPacket.Dscp(packet) == ExpeditedForwarding)
        {
            return true;
        }

        return InnerPacket.TryGetTransport(packet, out var protocol, out var offset)
            && protocol == InnerPacket.Udp
            && packet.Length - offset - 8 <= _maxUdpPayload;
    }

    public ScheduleDecision Select(in PacketContext packet, ReadOnlySpan<LinkView> links)
    {
        var decision = ScheduleDecision.None;
        decision.First = EarliestArrivalPolicy.Best(links, _maxQueueUs, exclude: -1);
        if (decision.First >= 0 && IsRealtime(packet.Packet))
        {
            // Queue limits do not apply: a duplicate is worth more than the queue it adds.
            decision.Second = EarliestArrivalPolicy.Best(links, double.MaxValue, exclude: decision.First);
            decision.Unordered = true;
        }

        return decision;
    }
}
