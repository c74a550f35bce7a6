namespace Fleet.Bonding.Tun;

/// <summary>
/// A layer-3 packet device: the vehicle LAN side of the agent, or the internet side of the server.
/// One IP packet per read or write. Implementations: <c>LinuxTunDevice</c> (/dev/net/tun) and
/// <c>MemoryTunDevice</c> for tests.
/// </summary>
public interface ITunDevice : IDisposable
{
    string Name { get; }

    int Mtu { get; }

    /// <summary>Reads one packet into <paramref name="buffer"/>; returns its length, or 0 once closed.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes one packet. A full device drops the packet and returns false rather than blocking.</summary>
    bool Write(ReadOnlySpan<byte> packet);
}
