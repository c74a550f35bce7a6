namespace Fleet.Bonding;

/// <summary>
/// Default bonding policy: each packet goes to the link where it is predicted to arrive first
/// (queued bytes ÷ rate + one-way delay), so consecutive packets arrive nearly in order and traffic
/// spreads in proportion to capacity. Links whose queue would exceed <see cref="BondingOptions.MaxLinkQueueDelay"/>
/// are skipped while any other has room, which bounds bufferbloat; a slow-but-long link is still used
/// once the fast ones are full (the receiver's reorder buffer absorbs the delay difference).
/// </summary>
public sealed class EarliestArrivalPolicy(BondingOptions options) : ISchedulingPolicy
{
    private readonly double _maxQueueUs = options.MaxLinkQueueDelay.TotalMicroseconds;

    public string Name => "earliest-arrival";

    public ScheduleDecision Select(in PacketContext packet, ReadOnlySpan<LinkView> links)
    {
        var decision = ScheduleDecision.None;
        decision.First = Best(links, _maxQueueUs, exclude: -1);
        return decision;
    }

    /// <summary>Index of the schedulable link with the earliest predicted arrival, preferring links with
    /// queue room; falls back to Probing links when nothing is Up, then to any link (better than dropping).</summary>
    internal static int Best(ReadOnlySpan<LinkView> links, double maxQueueUs, int exclude)
    {
        int withRoom = -1, any = -1, probing = -1, down = -1;
        for (var i = 0; i < links.Length; i++)
        {
            ref readonly var link = ref links[i];
            if (i == exclude)
            {
                continue;
            }

            if (down < 0 || link.PredictedArrivalUs < links[down].PredictedArrivalUs)
            {
                down = i;
            }

            if (!link.IsSchedulable)
            {
                if (link.State == LinkState.Probing && (probing < 0 || link.PredictedArrivalUs < links[probing].PredictedArrivalUs))
                {
                    probing = i;
                }

                continue;
            }

            if (any < 0 || link.PredictedArrivalUs < links[any].PredictedArrivalUs)
            {
                any = i;
            }

            if (link.QueueDelayUs <= maxQueueUs && (withRoom < 0 || link.PredictedArrivalUs < links[withRoom].PredictedArrivalUs))
            {
                withRoom = i;
            }
        }

        // Every link Down (or our receive loop starved): trying one costs nothing, dropping loses the packet.
        return withRoom >= 0 ? withRoom : any >= 0 ? any : probing >= 0 ? probing : down;
    }
}
