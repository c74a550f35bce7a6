using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Links;

namespace Fleet.Bonding.Tests.Os;

/// <summary>recvmmsg batches on real loopback sockets: order, senders, refills, odd datagrams, disposal.</summary>
public sealed class DatagramBatchTests : IDisposable
{
    private readonly Socket _receiver = Bound();
    private readonly Socket _senderA = Bound();
    private readonly Socket _senderB = Bound();

    [Fact]
    public void TryNext_DatagramsFromTwoSenders_ReturnsEachInOrderWithItsSender()
    {
        using var batch = new DatagramBatch();
        SendTo(_senderA, "a1"u8);
        SendTo(_senderB, "b1"u8);
        SendTo(_senderA, "a2"u8);
        var buffer = new byte[64];

        var got = new List<(string, IPEndPoint)>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(WaitNext(batch, buffer, out var length, out var source));
            got.Add((System.Text.Encoding.ASCII.GetString(buffer, 0, length), DatagramBatch.ToEndPoint(source)));
        }

        Assert.Equal([("a1", EndPointOf(_senderA)), ("b1", EndPointOf(_senderB)), ("a2", EndPointOf(_senderA))], got);
        Assert.False(batch.TryNext(_receiver.SafeHandle, buffer, out _, out _)); // nothing queued: would block
    }

    [Fact]
    public void TryNext_MoreDatagramsThanCapacity_RefillsUntilAllAreTaken()
    {
        using var batch = new DatagramBatch(capacity: 4);
        for (byte i = 0; i < 10; i++) SendTo(_senderA, [i]);
        var buffer = new byte[64];

        var got = new List<byte>();
        while (got.Count < 10 && WaitNext(batch, buffer, out var length, out _))
        {
            Assert.Equal(1, length);
            got.Add(buffer[0]);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), got);
    }

    [Fact]
    public void TryNext_EmptyDatagram_IsSkippedNotReportedAsClosed()
    {
        using var batch = new DatagramBatch();
        SendTo(_senderA, []);
        SendTo(_senderA, "after"u8);
        var buffer = new byte[64];

        Assert.True(WaitNext(batch, buffer, out var length, out _));
        Assert.Equal("after"u8.ToArray(), buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void TryNext_DestinationShorterThanDatagram_CutsToDestination()
    {
        using var batch = new DatagramBatch();
        SendTo(_senderA, "0123456789"u8);
        var small = new byte[4];

        Assert.True(WaitNext(batch, small, out var length, out _));
        Assert.Equal(4, length);
        Assert.Equal("0123"u8.ToArray(), small);
    }

    [Fact]
    public void TryNext_SocketClosed_ReportsClosed()
    {
        using var batch = new DatagramBatch();
        _receiver.Dispose();

        Assert.True(batch.TryNext(_receiver.SafeHandle, new byte[64], out var length, out _));
        Assert.Equal(0, length);
    }

    [Fact]
    public void TryNext_BatchDisposed_ReportsClosed()
    {
        var batch = new DatagramBatch();
        SendTo(_senderA, "x"u8);
        batch.Dispose();

        Assert.True(batch.TryNext(_receiver.SafeHandle, new byte[64], out var length, out _));
        Assert.Equal(0, length);
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _senderA.Dispose();
        _senderB.Dispose();
    }

    /// <summary>Loopback delivery is asynchronous to the sender only in theory; allow it a moment.</summary>
    private bool WaitNext(DatagramBatch batch, byte[] buffer, out int length, out ulong source)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!batch.TryNext(_receiver.SafeHandle, buffer, out length, out source))
        {
            if (DateTime.UtcNow > deadline) return false;
            _receiver.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead);
        }

        return true;
    }

    private void SendTo(Socket sender, ReadOnlySpan<byte> payload) => sender.SendTo(payload, EndPointOf(_receiver));

    private static IPEndPoint EndPointOf(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
