namespace Fleet.Bonding;

/// <summary>Named scheduling policies (see <see cref="ISchedulingPolicy"/>).</summary>
public enum SchedulingMode
{
    /// <summary>Every packet on the link where it arrives first (EarliestArrival); the receiver reorders.</summary>
    Bond,

    /// <summary>Bond, plus realtime traffic (DSCP EF, small UDP) duplicated on the two best links.</summary>
    Redundant,

    /// <summary>Each flow pinned to one link by 5-tuple hash, weighted; no reordering needed.</summary>
    Balance,
}
