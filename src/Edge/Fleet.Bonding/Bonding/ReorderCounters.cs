namespace Fleet.Bonding;

/// <summary>What the reorder buffer did, cumulative.</summary>
public readonly record struct ReorderCounters(
    long Delivered,
    long Reordered,
    long Late,
    long Duplicate,
    long Lost,
    long LostEarly,
    long TooOld,
    int Held,
    double TimeoutMs,
    long RetransmitsRequested,
    double MeanHoldMs);
