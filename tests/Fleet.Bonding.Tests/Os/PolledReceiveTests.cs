using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Links;

namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// The UDP link and listener read on their own poll threads: a read parked before anything arrived, one
/// cancelled, one after disposal, and datagrams that must not end a receive loop.
/// </summary>
public sealed class PolledReceiveTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly UdpDatagramListener _listener = UdpDatagramListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpDatagramLink _link;

    public PolledReceiveTests() => _link = UdpDatagramLink.Open(0, "lo", _listener.LocalEndPoint, IPAddress.Loopback);

    [Fact]
    public async Task ReceiveAsync_ParkedBeforeDatagramArrives_CompletesWithIt()
    {
        var buffer = new byte[2048];
        var first = new byte[64];
        Assert.Equal(LinkSendResult.Sent, _link.Send("hello"u8));
        var (_, agent) = await _listener.ReceiveFromAsync(first, CancellationToken.None).AsTask().WaitAsync(Timeout);

        var pending = _link.ReceiveAsync(buffer, CancellationToken.None);
        Assert.False(pending.IsCompleted); // nothing queued: parked on the link's poll thread
        Assert.Equal(LinkSendResult.Sent, _listener.SendTo("reply"u8, agent!));
        var (length, from) = await pending.AsTask().WaitAsync(Timeout);

        Assert.Equal("reply"u8.ToArray(), buffer.AsSpan(0, length).ToArray());
        Assert.Equal(_listener.LocalEndPoint, from);
    }

    [Fact]
    public async Task ReceiveFromAsync_EmptyDatagramThenData_SkipsTheEmptyOneInsteadOfReportingClosed()
    {
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.SendTo(Array.Empty<byte>(), _listener.LocalEndPoint);
        stranger.SendTo("data"u8, _listener.LocalEndPoint);
        var buffer = new byte[2048];

        var (length, from) = await _listener.ReceiveFromAsync(buffer, CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal("data"u8.ToArray(), buffer.AsSpan(0, length).ToArray());
        Assert.Equal(((IPEndPoint)stranger.LocalEndPoint!).Port, ((IPEndPoint)from!).Port);
    }

    [Fact]
    public async Task ReceiveAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _link.ReceiveAsync(new byte[2048], cts.Token));
    }

    [Fact]
    public async Task ReceiveAsync_DisposedWhileParked_CompletesWithLengthZero()
    {
        var pending = _link.ReceiveAsync(new byte[2048], CancellationToken.None);
        _link.Dispose();

        var (length, from) = await pending.AsTask().WaitAsync(Timeout);
        Assert.Equal(0, length);
        Assert.Null(from);
        Assert.Equal(0, (await _link.ReceiveAsync(new byte[2048], CancellationToken.None)).Length);
    }

    public void Dispose()
    {
        _link.Dispose();
        _listener.Dispose();
    }
}
