using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Tun;

namespace Fleet.Bonding.Tests.Os;

/// <summary>Real TUN devices in a fresh network namespace: the kernel routes packets into and out of them.</summary>
public sealed class LinuxTunDeviceTests
{
    private static readonly IPAddress TunAddress = IPAddress.Parse("10.77.0.1");
    private static readonly IPAddress PeerAddress = IPAddress.Parse("10.77.0.2");

    [RootFact]
    public void Open_WithAddress_ConfiguresMtuAddressAndUp()
    {
        using var ns = NetNamespace.Create("fltun");
        using var tun = ns.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "flt%d", Mtu = 1420, Address = TunAddress, PrefixLength = 24 }));

        var link = ns.Exec($"ip -o link show dev {tun.Name}");
        var addr = ns.Exec($"ip -o -4 addr show dev {tun.Name}");
        Assert.StartsWith("flt", tun.Name);
        Assert.Contains("mtu 1420", link);
        Assert.Contains(",UP", link);
        Assert.Contains("10.77.0.1/24", addr);
    }

    [RootFact]
    public async Task ReadAsync_KernelRoutesDatagramIntoTun_ReturnsThatIpPacket()
    {
        using var ns = NetNamespace.Create("fltun");
        using var tun = ns.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "flt0", Mtu = 1400, Address = TunAddress, PrefixLength = 24 }));
        using var sender = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var buffer = new byte[2048];

        // Start reading before anything is queued: exercises the parked (poll thread) path.
        var read = tun.ReadAsync(buffer, CancellationToken.None);
        await Task.Delay(50);
        sender.SendTo("hello-tun"u8.ToArray(), new IPEndPoint(PeerAddress, 9999));
        var n = await read.AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(4, buffer[0] >> 4);
        Assert.Equal(17, buffer[9]); // UDP
        Assert.Equal(PeerAddress, new IPAddress(buffer.AsSpan(16, 4)));
        Assert.Equal(9999, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(22)));
        Assert.Equal("hello-tun"u8.ToArray(), buffer.AsSpan(28, n - 28).ToArray());
    }

    [RootFact]
    public async Task Write_IpPacketToLocalAddress_IsDeliveredToSocket()
    {
        using var ns = NetNamespace.Create("fltun");
        using var tun = ns.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "flt0", Mtu = 1400, Address = TunAddress, PrefixLength = 24 }));
        using var receiver = ns.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(TunAddress, 0));
            return s;
        });
        var port = ((IPEndPoint)receiver.LocalEndPoint!).Port;

        var packet = Ipv4Udp(PeerAddress, TunAddress, 4242, port, "from-tun"u8);
        Assert.True(tun.Write(packet));

        var buffer = new byte[256];
        var result = await receiver.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0))
            .WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("from-tun"u8.ToArray(), buffer.AsSpan(0, result.ReceivedBytes).ToArray());
        Assert.Equal(new IPEndPoint(PeerAddress, 4242), result.RemoteEndPoint);
    }

    [RootFact]
    public async Task ReadAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var ns = NetNamespace.Create("fltun");
        using var tun = ns.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "flt0", Address = TunAddress }));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await tun.ReadAsync(new byte[2048], cts.Token));
    }

    [RootFact]
    public void Open_NameTooLong_ThrowsClearError()
    {
        var e = Assert.Throws<TunDeviceException>(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "this-name-is-too-long" }));
        Assert.Contains("longer than 15", e.Message);
    }

    internal static byte[] Ipv4Udp(IPAddress src, IPAddress dst, int srcPort, int dstPort, ReadOnlySpan<byte> payload)
    {
        var p = new byte[28 + payload.Length];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)p.Length);
        p[8] = 64;
        p[9] = 17;
        src.TryWriteBytes(p.AsSpan(12), out _);
        dst.TryWriteBytes(p.AsSpan(16), out _);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(i));
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), (ushort)~sum);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(20), (ushort)srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(22), (ushort)dstPort);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(p.AsSpan(28)); // UDP checksum 0 = none, valid for IPv4
        return p;
    }
}
