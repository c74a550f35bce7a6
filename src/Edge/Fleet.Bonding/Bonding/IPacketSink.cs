namespace Fleet.Bonding;

/// <summary>Where a session delivers received inner packets (the TUN device, after checks).</summary>
internal interface IPacketSink
{
    void Deliver(ReadOnlySpan<byte> packet);
}
