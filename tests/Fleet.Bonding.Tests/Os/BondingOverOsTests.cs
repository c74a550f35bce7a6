using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;

namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// The bonding engine on the real OS parts: TUN devices and UDP sockets in two namespaces joined by two
/// uplinks. A datagram sent to the server's inner address from the vehicle namespace must cross
/// TUN → engine → UDP uplinks → engine → TUN and arrive at a plain socket, and the reply must come back.
/// </summary>
public sealed class BondingOverOsTests : IDisposable
{
    private readonly TwoUplinkTopology _net = new();

    [RootFact]
    public async Task TunnelOverTwoUplinks_DatagramAndReply_CrossBothTunDevices()
    {
        using var serverKey = StaticKeyPair.Generate();
        using var agentKey = StaticKeyPair.Generate();
        var authorizer = new StaticPeerAuthorizer();
        authorizer.Add(agentKey.PublicKey, new PeerGrant("vehicle", [IpPrefix.Parse("10.254.0.2/32")]));
        var serverEndpoint = new IPEndPoint(IPAddress.Parse(TwoUplinkTopology.ServerAddress), 7000);

        using var srvTun = _net.Srv.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "fls0", Address = IPAddress.Parse("10.254.0.1"), PrefixLength = 30 }));
        using var listener = _net.Srv.Run(() => UdpDatagramListener.Bind(serverEndpoint));
        using var cliTun = _net.Cli.Run(() => LinuxTunDevice.Open(new LinuxTunOptions { Name = "flc0", Address = IPAddress.Parse("10.254.0.2"), PrefixLength = 30 }));
        var links = new IDatagramLink[]
        {
            _net.Cli.Run(() => UdpDatagramLink.Open(0, "up1", serverEndpoint, IPAddress.Parse("10.78.1.1"))),
            _net.Cli.Run(() => UdpDatagramLink.Open(1, "up2", serverEndpoint, IPAddress.Parse("10.78.2.1"))),
        };
        using var server = new BondingServer(srvTun, listener, serverKey, authorizer, new BondingServerOptions());
        using var client = new BondingClient(cliTun, links, agentKey, new BondingClientOptions { ServerPublicKey = serverKey.PublicKey });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serverRun = server.RunAsync(stop.Token);
        var clientRun = client.RunAsync(stop.Token);
        try
        {
            await client.WaitEstablishedAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

            using var echo = _net.Srv.Run(() => Bound("10.254.0.1"));
            using var sender = _net.Cli.Run(() => Bound("10.254.0.2"));
            var buffer = new byte[2048];
            await sender.SendToAsync("over-the-bond"u8.ToArray(), echo.LocalEndPoint!);
            var got = await echo.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("over-the-bond"u8.ToArray(), buffer.AsSpan(0, got.ReceivedBytes).ToArray());
            Assert.Equal(sender.LocalEndPoint, got.RemoteEndPoint);

            await echo.SendToAsync("and-back"u8.ToArray(), got.RemoteEndPoint);
            var reply = await sender.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("and-back"u8.ToArray(), buffer.AsSpan(0, reply.ReceivedBytes).ToArray());

            var session = Assert.Single(server.Snapshot());
            Assert.True(session.IsEstablished);
            Assert.Equal(2, session.Links.Select(l => l.RemoteEndPoint).OfType<IPEndPoint>().Select(e => e.Address).Distinct().Count());
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(serverRun, clientRun).WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var l in links) l.Dispose();
        }
    }

    private static Socket Bound(string address)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return s;
    }

    public void Dispose() => _net.Dispose();
}
