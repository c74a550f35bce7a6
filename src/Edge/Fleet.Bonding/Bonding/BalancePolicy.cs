namespace Fleet.Bonding;

/// <summary>
/// Per-flow load balancing: a flow (5-tuple hash) is pinned to one link, chosen by weighted rendezvous
/// hashing over the links' effective rates, and stays there while the link is usable — so a flow is
/// never reordered and is delivered without waiting. A fixed direct-mapped table remembers pins
/// (no allocation per packet); an idle pin expires.
/// </summary>
public sealed class BalancePolicy : ISchedulingPolicy
{
    private const int TableSize = 4096;
    private const long PinIdleUs = 30_000_000;

    private readonly uint[] _flowHash = new uint[TableSize];
    private readonly int[] _linkId = new int[TableSize];
    private readonly long[] _lastUsedUs = new long[TableSize];

    public string Name => "balance";

    public ScheduleDecision Select(in PacketContext packet, ReadOnlySpan<LinkView> links)
    {
        var decision = ScheduleDecision.None;
        decision.Unordered = true;
        var hash = InnerPacket.FlowHash(packet.Packet);
        var slot = (int)(hash & (TableSize - 1));
        if (_flowHash[slot] == hash && _lastUsedUs[slot] != 0 && packet.NowUs - _lastUsedUs[slot] < PinIdleUs)
        {
            for (var i = 0; i < links.Length; i++)
            {
                if (links[i].LinkId == _linkId[slot] && links[i].IsSchedulable)
                {
                    _lastUsedUs[slot] = packet.NowUs;
                    decision.First = i;
                    return decision;
                }
            }
        }

        decision.First = Rendezvous(hash, links);
        if (decision.First >= 0)
        {
            _flowHash[slot] = hash;
            _linkId[slot] = links[decision.First].LinkId;
            _lastUsedUs[slot] = packet.NowUs == 0 ? 1 : packet.NowUs;
        }

        return decision;
    }

    private static int Rendezvous(uint flowHash, ReadOnlySpan<LinkView> links)
    {
        var best = -1;
        var bestScore = double.MaxValue;
        var anySchedulable = false;
        foreach (var link in links)
        {
            anySchedulable |= link.IsSchedulable;
        }

        for (var i = 0; i < links.Length; i++)
        {
            var link = links[i];
            if (anySchedulable && !link.IsSchedulable)
            {
                continue;
            }

            // Weighted rendezvous: score = −ln(u) / weight, lowest wins; u uniform in (0,1) from the hash.
            var mixed = Mix(flowHash ^ (uint)(link.LinkId * 0x9E3779B9));
            var u = (mixed + 0.5) / 4294967296.0;
            var score = -Math.Log(u) / Math.Max(link.EffectiveRateBitsPerSecond, 1);
            if (score < bestScore)
            {
                bestScore = score;
                best = i;
            }
        }

        return best;
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x;
    }
}
