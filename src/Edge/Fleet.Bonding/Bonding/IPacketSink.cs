namespace Fleet.Bonding;

/// <summary>Where a session delivers received inner packets (the TUN device, after checks).</summary>
internal interface IPacketSink
{
    /// <summary>Hands on one packet, in order; <paramref name="releaseAtUs"/> is when it is due (long.MinValue = now).</summary>
    void Deliver(ReadOnlySpan<byte> packet, long releaseAtUs);
}

/// <summary>The reorder buffer asks its session to NACK a hole (the sender resends it on another link).</summary>
internal interface IRetransmitRequester
{
    void RequestRetransmit(uint globalSeq);
}
