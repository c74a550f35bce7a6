using System.Buffers.Binary;

namespace Fleet.Bonding.Protocol;

/// <summary>
/// What the receiver saw on one link (cumulative counters, so a lost feedback packet loses nothing):
/// the sender derives delivery rate, loss and one-way delay of that link from two successive entries.
/// 36 bytes: link u8 | reserved u8 | rx age ms u16 | highest seq u32 | packets u32 | bytes u32 | lost u32 |
/// OWD min µs i32 | OWD smoothed µs i32 | jitter µs u32 | OWD minimum since the previous feedback µs i32.
/// </summary>
public struct FeedbackEntry
{
    public const int Size = 36;

    public byte LinkId;

    /// <summary>Milliseconds since anything arrived on this link (saturates at 65535).</summary>
    public ushort RxAgeMs;
    public uint HighestLinkSeq;
    public uint Packets;
    public uint Bytes;
    public uint Lost;

    /// <summary>Relative one-way delays (receiver clock − sender clock): comparable across links only.</summary>
    public int OwdMinUs;
    public int OwdSmoothedUs;
    public uint JitterUs;

    /// <summary>Lowest one-way delay since the previous feedback (int.MaxValue = nothing arrived). If it
    /// stayed above the base delay the link's queue never drained: it was saturated the whole time.</summary>
    public int IntervalOwdMinUs;

    public readonly void Write(Span<byte> destination)
    {
        destination = destination[..Size];
        destination[0] = LinkId;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], RxAgeMs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], HighestLinkSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Packets);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Lost);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], OwdMinUs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], OwdSmoothedUs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], JitterUs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], IntervalOwdMinUs);
    }

    public static FeedbackEntry Read(ReadOnlySpan<byte> source) => new()
    {
        LinkId = source[0],
        RxAgeMs = BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
        HighestLinkSeq = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        Packets = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
        Bytes = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
        Lost = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        OwdMinUs = BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
        OwdSmoothedUs = BinaryPrimitives.ReadInt32LittleEndian(source[24..]),
        JitterUs = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
        IntervalOwdMinUs = BinaryPrimitives.ReadInt32LittleEndian(source[32..]),
    };
}
