using System.Buffers.Binary;

namespace Fleet.Bonding.Protocol;

/// <summary>
/// Handshake message layouts (sent in clear; their secret parts are sealed by the handshake itself).
/// <code>
/// Init (180):     0 type | 1 flags | 2 link id | 3 0 | 4 sender session id u32 | 8 ephemeral (64)
///                 72 sealed static key (64 + 16) | 152 sealed timestamp (12 + 16)
/// Response (92):  0 type | 1 flags | 2 link id | 3 key epoch | 4 sender session id u32
///                 8 receiver session id u32 | 12 ephemeral (64) | 76 sealed empty (16)
/// </code>
/// Public keys are raw uncompressed P-256 points without the 0x04 prefix (X‖Y, 32 bytes each).
/// </summary>
public static class HandshakeLayout
{
    public const int PublicKeySize = 64;
    public const int TimestampSize = 12;
    public const int TagSize = 16;

    public const int InitSenderOffset = 4;
    public const int InitEphemeralOffset = 8;
    public const int InitStaticOffset = InitEphemeralOffset + PublicKeySize;
    public const int InitStaticSize = PublicKeySize + TagSize;
    public const int InitTimestampOffset = InitStaticOffset + InitStaticSize;
    public const int InitTimestampSize = TimestampSize + TagSize;
    public const int InitSize = InitTimestampOffset + InitTimestampSize;

    public const int ResponseSenderOffset = 4;
    public const int ResponseReceiverOffset = 8;
    public const int ResponseEphemeralOffset = 12;
    public const int ResponseEmptyOffset = ResponseEphemeralOffset + PublicKeySize;
    public const int ResponseSize = ResponseEmptyOffset + TagSize;

    public static ParseResult Check(ReadOnlySpan<byte> datagram, PacketType expected)
    {
        if (datagram.Length < 1)
        {
            return ParseResult.Truncated;
        }

        if ((PacketType)datagram[0] != expected)
        {
            return ParseResult.UnknownType;
        }

        var size = expected == PacketType.HandshakeInit ? InitSize : ResponseSize;
        if (datagram.Length < size)
        {
            return ParseResult.Truncated;
        }

        return datagram.Length == size ? ParseResult.Ok : ParseResult.BadLength;
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> datagram, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(datagram[offset..]);

    public static void WriteUInt32(Span<byte> datagram, int offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(datagram[offset..], value);
}
