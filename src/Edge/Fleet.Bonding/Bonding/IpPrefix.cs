using System.Net;
using System.Net.Sockets;

namespace Fleet.Bonding;

/// <summary>An IPv4 or IPv6 prefix, held as a 128-bit value (IPv4 as ::ffff:a.b.c.d) for cheap matching.</summary>
public readonly record struct IpPrefix(UInt128 Network, int Length)
{
    public static IpPrefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    public static bool TryParse(string text, out IpPrefix prefix, out string error)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address))
        {
            error = $"'{text}' is not an IP address or prefix";
            return false;
        }

        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var maxLength = isV4 ? 32 : 128;
        var length = maxLength;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out length) || length < 0 || length > maxLength))
        {
            error = $"'{text}' has a bad prefix length";
            return false;
        }

        var bits = isV4 ? length + 96 : length;
        prefix = new IpPrefix(ToUInt128(address) & Mask(bits), bits);
        error = "";
        return true;
    }

    public bool Contains(UInt128 address) => (address & Mask(Length)) == Network;

    public static UInt128 Mask(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);

    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes.Clear();
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, Network);
        var isV4 = Length >= 96 && bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xff && bytes[11] == 0xff;
        return isV4 ? $"{new IPAddress(bytes[12..])}/{Length - 96}" : $"{new IPAddress(bytes)}/{Length}";
    }
}
