using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;

namespace Fleet.Bonding.Tests.Os;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation (runs alone)";
}

/// <summary>
/// The OS-facing hot paths must not allocate per packet (GC pauses show up as latency spikes in the tunnel).
/// Measured process-wide, so this collection runs alone; a small allowance covers runtime background work.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class HotPathAllocationTests
{
    private const double AllowedBytesPerPacket = 4;

    [RootFact]
    public async Task UdpLinkAndListener_SteadyState_DoNotAllocatePerDatagram()
    {
        using var ns = NetNamespace.Create("flalloc");
        using var server = ns.Run(() => UdpDatagramListener.Bind(new IPEndPoint(IPAddress.Loopback, 7000)));
        using var link = ns.Run(() => UdpDatagramLink.Open(0, "lo", new IPEndPoint(IPAddress.Loopback, 7000), IPAddress.Loopback));
        var buffer = new byte[2048];
        var payload = new byte[1400];
        var failedSends = 0;
        async Task Round(int n)
        {
            for (var i = 0; i < n; i++)
            {
                if (link.Send(payload) != LinkSendResult.Sent) failedSends++; // no Assert here: it allocates
                var (_, from) = await server.ReceiveFromAsync(buffer, CancellationToken.None);
                server.SendTo(payload.AsSpan(0, 100), from!);
                await link.ReceiveAsync(buffer, CancellationToken.None);
            }
        }

        await Round(5_000); // warm-up: JIT tiers, socket event args, endpoint caches
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Round(20_000);
        var perDatagram = (GC.GetTotalAllocatedBytes(precise: true) - before) / 40_000.0;
        Assert.Equal(0, failedSends);
        Assert.True(perDatagram < AllowedBytesPerPacket, $"{perDatagram:F1} bytes allocated per datagram");
    }

    [RootFact]
    public async Task TunReadAndWrite_SteadyState_DoNotAllocatePerPacket()
    {
        using var ns = NetNamespace.Create("flalloc");
        using var tun = ns.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "fla0", Address = IPAddress.Parse("10.99.0.1"), PrefixLength = 24 }));
        using var feeder = ns.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Connect(new IPEndPoint(IPAddress.Parse("10.99.0.2"), 9));
            return s;
        });
        var buffer = new byte[2048];
        var payload = new byte[1200];
        async Task Round(int n)
        {
            for (var i = 0; i < n; i++)
            {
                feeder.Send(payload);
                var length = await tun.ReadAsync(buffer, CancellationToken.None);
                tun.Write(buffer.AsSpan(0, length));
            }
        }

        await Round(5_000);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Round(20_000);
        var perPacket = (GC.GetTotalAllocatedBytes(precise: true) - before) / 20_000.0;
        Assert.True(perPacket < AllowedBytesPerPacket, $"{perPacket:F1} bytes allocated per packet");
    }
}
