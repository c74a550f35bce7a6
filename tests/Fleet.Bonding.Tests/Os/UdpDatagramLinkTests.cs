using System.Net;
using Fleet.Bonding.Links;

namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// Two namespaces joined by two veth "uplinks" with source policy routing, as on a vehicle box: the link's
/// source address (or bound device) decides which uplink a datagram leaves by.
/// </summary>
public sealed class UdpDatagramLinkTests : IDisposable
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse(TwoUplinkTopology.ServerAddress), 7000);
    private readonly TwoUplinkTopology _net = new();
    private NetNamespace Cli => _net.Cli;
    private NetNamespace Srv => _net.Srv;

    [RootFact]
    public async Task Send_BoundToEachUplinkSource_ServerSeesEachUplinkAndRepliesToIt()
    {
        using var server = Srv.Run(() => UdpDatagramListener.Bind(Server));
        using var l1 = Cli.Run(() => UdpDatagramLink.Open(1, "up1", Server, IPAddress.Parse("10.78.1.1")));
        using var l2 = Cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, IPAddress.Parse("10.78.2.1")));
        var buffer = new byte[2048];

        Assert.Equal(LinkSendResult.Sent, l2.Send("via-2"u8));
        var (n, from) = await server.ReceiveFromAsync(buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("via-2"u8.ToArray(), buffer.AsSpan(0, n).ToArray());
        Assert.Equal(IPAddress.Parse("10.78.2.1"), ((IPEndPoint)from!).Address);

        Assert.Equal(LinkSendResult.Sent, l1.Send("via-1"u8));
        var (n1, from1) = await server.ReceiveFromAsync(buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(5, n1);
        Assert.Equal(IPAddress.Parse("10.78.1.1"), ((IPEndPoint)from1!).Address);

        Assert.Equal(LinkSendResult.Sent, server.SendTo("reply-2"u8, from));
        var (m, replyFrom) = await l2.ReceiveAsync(buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("reply-2"u8.ToArray(), buffer.AsSpan(0, m).ToArray());
        Assert.Equal(Server, replyFrom);
    }

    [RootFact]
    public async Task ReceiveFromAsync_SameSender_ReturnsCachedEndpointInstance()
    {
        using var server = Srv.Run(() => UdpDatagramListener.Bind(Server));
        using var link = Cli.Run(() => UdpDatagramLink.Open(1, "up1", Server, IPAddress.Parse("10.78.1.1")));
        var buffer = new byte[64];
        link.Send("a"u8);
        link.Send("b"u8);
        var (_, first) = await server.ReceiveFromAsync(buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var (_, second) = await server.ReceiveFromAsync(buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Same(first, second); // no endpoint allocation per datagram
    }

    [RootFact]
    public async Task Open_BindToDeviceOnly_LeavesThroughThatDevice()
    {
        using var server = Srv.Run(() => UdpDatagramListener.Bind(Server));
        Cli.Exec("ip route add 10.78.0.1/32 via 10.78.2.2 dev up2 table 200");
        Cli.Exec("ip rule add oif up2 lookup 200");
        using var link = Cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, device: "up2"));

        Assert.Equal(LinkSendResult.Sent, link.Send("dev"u8));
        var (_, from) = await server.ReceiveFromAsync(new byte[64], CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(IPAddress.Parse("10.78.2.1"), ((IPEndPoint)from!).Address);
    }

    [RootFact]
    public void Send_UplinkInterfaceDown_ReturnsNetworkUnreachable()
    {
        using var link = Cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, IPAddress.Parse("10.78.2.1"), "up2"));
        Assert.Equal(LinkSendResult.Sent, link.Send("before"u8));
        Cli.Exec("ip link set up2 down");
        Assert.Equal(LinkSendResult.NetworkUnreachable, link.Send("after"u8));
    }

    [RootFact]
    public void Send_AfterDispose_ReturnsClosed()
    {
        var link = Cli.Run(() => UdpDatagramLink.Open(1, "up1", Server, IPAddress.Parse("10.78.1.1")));
        link.Dispose();
        Assert.Equal(LinkSendResult.Closed, link.Send("x"u8));
    }

    public void Dispose() => _net.Dispose();
}
