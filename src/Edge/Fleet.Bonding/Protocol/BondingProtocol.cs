namespace Fleet.Bonding.Protocol;

/// <summary>Sizes of the wire format; the daemons derive the TUN MTU from these.</summary>
public static class BondingProtocol
{
    public const int HeaderSize = TransportHeader.Size;
    public const int TagSize = 16;

    /// <summary>Bytes added to each inner packet: header + AEAD tag.</summary>
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>Largest inner packet carried (an Ethernet-MTU IP packet).</summary>
    public const int MaxInnerPacket = 1500;

    /// <summary>Largest datagram this protocol produces.</summary>
    public const int MaxDatagram = MaxInnerPacket + Overhead;

    /// <summary>Buffer size for receiving: rounds up, so oversize garbage is seen as oversize, not cut.</summary>
    public const int ReceiveBufferSize = 2048;

    /// <summary>Link ids are one byte on the wire; a session has at most this many links.</summary>
    public const int MaxLinks = 8;
}
