using System.Buffers.Binary;

namespace Fleet.Bonding;

/// <summary>
/// Just enough IP parsing for routing and classification: addresses, DSCP, protocol and ports of the
/// tunnelled packet. Every accessor checks bounds and reports failure as a value.
/// </summary>
public static class InnerPacket
{
    public const byte Tcp = 6;
    public const byte Udp = 17;

    public static bool TryGetAddresses(ReadOnlySpan<byte> packet, out UInt128 source, out UInt128 destination)
    {
        source = destination = UInt128.Zero;
        if (packet.Length < 20)
        {
            return false;
        }

        switch (packet[0] >> 4)
        {
            case 4:
                source = V4Mapped(BinaryPrimitives.ReadUInt32BigEndian(packet[12..]));
                destination = V4Mapped(BinaryPrimitives.ReadUInt32BigEndian(packet[16..]));
                return true;
            case 6 when packet.Length >= 40:
                source = BinaryPrimitives.ReadUInt128BigEndian(packet[8..]);
                destination = BinaryPrimitives.ReadUInt128BigEndian(packet[24..]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Differentiated services code point (0 when unknown).</summary>
    public static int Dscp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2)
        {
            return 0;
        }

        return (packet[0] >> 4) switch
        {
            4 => packet[1] >> 2,
            6 => ((packet[0] & 0x0f) << 2) | (packet[1] >> 6),
            _ => 0,
        };
    }

    /// <summary>Transport protocol and the offset of its header (IPv6 extension headers are not walked).</summary>
    public static bool TryGetTransport(ReadOnlySpan<byte> packet, out byte protocol, out int offset)
    {
        protocol = 0;
        offset = 0;
        if (packet.Length < 20)
        {
            return false;
        }

        switch (packet[0] >> 4)
        {
            case 4:
                protocol = packet[9];
                offset = (packet[0] & 0x0f) * 4;
                // A non-first fragment has no transport header.
                if ((BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) != 0)
                {
                    return false;
                }

                break;
            case 6 when packet.Length >= 40:
                protocol = packet[6];
                offset = 40;
                break;
            default:
                return false;
        }

        return offset >= 20 && packet.Length >= offset + 4;
    }

    /// <summary>A stable hash of the 5-tuple (addresses, protocol, ports): the flow identity for Balance.</summary>
    public static uint FlowHash(ReadOnlySpan<byte> packet)
    {
        if (!TryGetAddresses(packet, out var source, out var destination))
        {
            return 0;
        }

        var hash = new HashCode();
        hash.Add(source);
        hash.Add(destination);
        if (TryGetTransport(packet, out var protocol, out var offset))
        {
            hash.Add(protocol);
            if (protocol is Tcp or Udp)
            {
                hash.Add(BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]));
            }
        }

        return unchecked((uint)hash.ToHashCode());
    }

    private static UInt128 V4Mapped(uint address) => new(0, 0xffff_0000_0000UL | address);
}
