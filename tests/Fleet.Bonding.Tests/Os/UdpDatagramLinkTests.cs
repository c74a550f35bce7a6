using System.Net;
using Fleet.Bonding.Links;

namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// Two namespaces joined by two veth "uplinks" with source policy routing, as on a vehicle box: the link's
/// source address (or bound device) decides which uplink a datagram leaves by.
/// </summary>
public sealed class UdpDatagramLinkTests : IDisposable
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("10.78.0.1"), 7000);
    private readonly NetNamespace _cli;
    private readonly NetNamespace _srv;

    public UdpDatagramLinkTests()
    {
        _cli = NetNamespace.Create("flcli");
        _srv = NetNamespace.Create("flsrv");
        _srv.Exec("ip addr add 10.78.0.1/32 dev lo");
        for (var i = 1; i <= 2; i++)
        {
            NetNamespace.Ip($"link add up{i} netns {_cli.Name} type veth peer name dn{i} netns {_srv.Name}");
            _cli.Exec($"ip addr add 10.78.{i}.1/24 dev up{i}");
            _srv.Exec($"ip addr add 10.78.{i}.2/24 dev dn{i}");
            _cli.Exec($"ip link set up{i} up");
            _srv.Exec($"ip link set dn{i} up");
            _cli.Exec($"ip route add default via 10.78.{i}.2 dev up{i} table {100 + i}");
            _cli.Exec($"ip rule add from 10.78.{i}.1 lookup {100 + i}");
        }
        _cli.Exec("ip route add 10.78.0.1/32 via 10.78.1.2 dev up1");
    }

    [RootFact]
    public async Task Send_BoundToEachUplinkSource_ServerSeesEachUplinkAndRepliesToIt()
    {
        using var server = _srv.Run(() => UdpDatagramListener.Bind(Server));
        using var l1 = _cli.Run(() => UdpDatagramLink.Open(1, "up1", Server, IPAddress.Parse("10.78.1.1")));
        using var l2 = _cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, IPAddress.Parse("10.78.2.1")));
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
        Assert.Contains("dn2", _srv.Exec("ip -o link show dn2")); // sanity: topology still intact
    }

    [RootFact]
    public async Task Open_BindToDeviceOnly_LeavesThroughThatDevice()
    {
        using var server = _srv.Run(() => UdpDatagramListener.Bind(Server));
        _cli.Exec("ip route add 10.78.0.1/32 via 10.78.2.2 dev up2 table 200");
        _cli.Exec("ip rule add oif up2 lookup 200");
        using var link = _cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, device: "up2"));

        Assert.Equal(LinkSendResult.Sent, link.Send("dev"u8));
        var (_, from) = await server.ReceiveFromAsync(new byte[64], CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(IPAddress.Parse("10.78.2.1"), ((IPEndPoint)from!).Address);
    }

    [RootFact]
    public void Send_UplinkInterfaceDown_ReturnsNetworkUnreachable()
    {
        using var link = _cli.Run(() => UdpDatagramLink.Open(2, "up2", Server, IPAddress.Parse("10.78.2.1"), "up2"));
        Assert.Equal(LinkSendResult.Sent, link.Send("before"u8));
        _cli.Exec("ip link set up2 down");
        Assert.Equal(LinkSendResult.NetworkUnreachable, link.Send("after"u8));
    }

    [RootFact]
    public void Send_AfterDispose_ReturnsClosed()
    {
        var link = _cli.Run(() => UdpDatagramLink.Open(1, "up1", Server, IPAddress.Parse("10.78.1.1")));
        link.Dispose();
        Assert.Equal(LinkSendResult.Closed, link.Send("x"u8));
    }

    public void Dispose()
    {
        _cli.Dispose();
        _srv.Dispose();
    }
}
