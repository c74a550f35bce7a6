using System.Buffers.Binary;

namespace Fleet.Bonding.Protocol;

/// <summary>
/// The 32-byte header of every post-handshake packet (data, probe, feedback, keepalive). It travels in
/// clear and is authenticated as AEAD associated data; the counter is the AEAD nonce.
/// <code>
/// 0 type u8 | 1 flags u8 | 2 link id u8 | 3 key epoch u8 | 4 receiver session id u32 | 8 counter u64
/// 16 link seq u32 | 20 global seq u32 | 24 send time µs u32 | 28 echo time µs u32
/// </code>
/// </summary>
public struct TransportHeader
{
    public const int Size = 32;

    public PacketType Type;
    public PacketFlags Flags;
    public byte LinkId;
    public byte KeyEpoch;

    /// <summary>The receiver's own session id (each end chose its own in the handshake).</summary>
    public uint ReceiverSessionId;

    /// <summary>Per-keypair packet counter: the AEAD nonce and the replay-window index.</summary>
    public ulong Counter;

    /// <summary>Per-link sequence (every packet on the link): loss and liveness per link.</summary>
    public uint LinkSeq;

    /// <summary>Data: position in the session's ordered stream (or the unordered stream when flagged).
    /// Probe/keepalive: the next ordered sequence the sender will use, so the receiver learns that
    /// everything below it that went over this link has been sent (early loss detection).</summary>
    public uint GlobalSeq;

    /// <summary>Sender's clock in µs when sent: the receiver's one-way delay sample (relative).</summary>
    public uint SendTimeUs;

    /// <summary>The last SendTimeUs received from the peer on this link plus the time it was held here;
    /// the peer gets the link's round-trip time as now − EchoTimeUs. 0 = none.</summary>
    public uint EchoTimeUs;

    public static bool IsTransport(PacketType type) => type is >= PacketType.Data and <= PacketType.Nack;

    public readonly void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        destination[0] = (byte)Type;
        destination[1] = (byte)Flags;
        destination[2] = LinkId;
        destination[3] = KeyEpoch;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], ReceiverSessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Counter);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], LinkSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], GlobalSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], SendTimeUs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], EchoTimeUs);
    }

    /// <summary>Reads a header; the datagram must also hold at least an AEAD tag after it.</summary>
    public static ParseResult TryRead(ReadOnlySpan<byte> datagram, out TransportHeader header)
    {
        header = default;
        if (datagram.Length < Size + BondingProtocol.TagSize)
        {
            return ParseResult.Truncated;
        }

        var type = (PacketType)datagram[0];
        if (!IsTransport(type))
        {
            return ParseResult.UnknownType;
        }

        if (datagram.Length > BondingProtocol.MaxDatagram)
        {
            return ParseResult.BadLength;
        }

        header.Type = type;
        header.Flags = (PacketFlags)datagram[1];
        header.LinkId = datagram[2];
        header.KeyEpoch = datagram[3];
        header.ReceiverSessionId = BinaryPrimitives.ReadUInt32LittleEndian(datagram[4..]);
        header.Counter = BinaryPrimitives.ReadUInt64LittleEndian(datagram[8..]);
        header.LinkSeq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[16..]);
        header.GlobalSeq = BinaryPrimitives.ReadUInt32LittleEndian(datagram[20..]);
        header.SendTimeUs = BinaryPrimitives.ReadUInt32LittleEndian(datagram[24..]);
        header.EchoTimeUs = BinaryPrimitives.ReadUInt32LittleEndian(datagram[28..]);
        return header.LinkId >= BondingProtocol.MaxLinks ? ParseResult.BadField : ParseResult.Ok;
    }

    /// <summary>Peeks the receiver session id without parsing the rest (session lookup on the server).</summary>
    public static bool TryPeekSessionId(ReadOnlySpan<byte> datagram, out uint sessionId)
    {
        sessionId = 0;
        if (datagram.Length < 8)
        {
            return false;
        }

        sessionId = BinaryPrimitives.ReadUInt32LittleEndian(datagram[4..]);
        return true;
    }
}
