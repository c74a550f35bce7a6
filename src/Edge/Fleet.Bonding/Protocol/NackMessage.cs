using System.Buffers.Binary;

namespace Fleet.Bonding.Protocol;

/// <summary>NACK payload: count u8, then count × u32 global sequence (at most <see cref="MaxEntries"/>).</summary>
public static class NackMessage
{
    public const int MaxEntries = 64;

    public static int SizeFor(int count) => 1 + (4 * count);

    public static ParseResult TryRead(ReadOnlySpan<byte> payload, out int count)
    {
        count = 0;
        if (payload.Length < 1)
        {
            return ParseResult.Truncated;
        }

        count = payload[0];
        if (count is 0 or > MaxEntries)
        {
            return ParseResult.BadField;
        }

        if (payload.Length < SizeFor(count))
        {
            return ParseResult.Truncated;
        }

        return payload.Length == SizeFor(count) ? ParseResult.Ok : ParseResult.BadLength;
    }

    public static uint EntryAt(ReadOnlySpan<byte> payload, int index) => BinaryPrimitives.ReadUInt32LittleEndian(payload[(1 + (4 * index))..]);

    public static int Write(Span<byte> payload, ReadOnlySpan<uint> sequences)
    {
        payload[0] = (byte)sequences.Length;
        for (var i = 0; i < sequences.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload[(1 + (4 * i))..], sequences[i]);
        }

        return SizeFor(sequences.Length);
    }
}
