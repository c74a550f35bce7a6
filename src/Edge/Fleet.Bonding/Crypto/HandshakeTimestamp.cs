using System.Buffers.Binary;

namespace Fleet.Bonding.Crypto;

/// <summary>
/// 12-byte anti-replay stamp in the init message: UTC ticks (8, big-endian) + a process-wide counter (4),
/// so two inits in the same tick still differ. Compared bytewise: a responder accepts an init only if its
/// stamp is greater than the last one it accepted from the same peer (as WireGuard's TAI64N).
/// </summary>
internal static class HandshakeTimestamp
{
    public const int Size = 12;
    private static int s_sequence;

    public static void Write(Span<byte> destination, DateTimeOffset utcNow)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, utcNow.UtcTicks);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], unchecked((uint)Interlocked.Increment(ref s_sequence)));
    }

    public static DateTimeOffset ReadTime(ReadOnlySpan<byte> stamp)
    {
        var ticks = BinaryPrimitives.ReadInt64BigEndian(stamp);
        return ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            ? DateTimeOffset.MinValue
            : new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
