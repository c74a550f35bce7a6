using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Central.Enrollment;

/// <summary>
/// The IPv4 prefix devices' inner tunnel addresses are drawn from. Central hands address number n (from a
/// database sequence, so never twice) as a /32: the aggregation servers route downlink traffic to it and accept
/// it as the device's source, and no two vehicles can collide however their LANs are numbered.
/// </summary>
public sealed class TunnelAddressPool
{
    private readonly uint _network;

    private TunnelAddressPool(uint network, long size)
    {
        _network = network;
        Size = size;
    }

    /// <summary>Usable addresses: the prefix less its network and broadcast addresses.</summary>
    public long Size { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out TunnelAddressPool? pool, out string error)
    {
        pool = null;
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text.AsSpan(slash + 1), out var length) || length is < 0 or > 30)
        {
            error = $"'{text}' is not an IPv4 prefix of at most /30 (e.g. 100.64.0.0/10)";
            return false;
        }

        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        var network = BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) & mask;
        pool = new TunnelAddressPool(network, (1L << (32 - length)) - 2);
        error = "";
        return true;
    }

    /// <summary>The <paramref name="number"/>th usable address (1-based) as "a.b.c.d/32", or null past the pool's end.</summary>
    public string? AddressAt(long number)
    {
        if (number < 1 || number > Size)
            return null;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _network + (uint)number);
        return new IPAddress(bytes) + "/32";
    }
}
