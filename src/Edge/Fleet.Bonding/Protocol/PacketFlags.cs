namespace Fleet.Bonding.Protocol;

[Flags]
public enum PacketFlags : byte
{
    None = 0,

    /// <summary>Deliver at once, bypassing the reorder buffer; the global sequence is then the unordered
    /// (dedup) sequence. Used for flow-pinned (Balance) and duplicated (Redundant) traffic.</summary>
    Unordered = 1,

    /// <summary>This packet is one of two copies sent on different links; the receiver keeps the first.</summary>
    Duplicate = 2,

    /// <summary>A probe that asks the peer to answer on the same link at once (link liveness check).</summary>
    ProbeRequest = 4,

    /// <summary>A resend of an ordered packet the receiver NACKed (same global sequence).</summary>
    Retransmit = 8,
}
