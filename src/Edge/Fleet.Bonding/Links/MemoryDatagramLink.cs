using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>
/// In-memory <see cref="IDatagramLink"/> for tests: one end of a pair, or an agent link connected to a
/// <see cref="MemoryDatagramListener"/>. Each direction has its own <see cref="LinkConditions"/>.
/// </summary>
public sealed class MemoryDatagramLink : IDatagramLink
{
    private readonly MemoryInbox _inbox;
    private MemoryPath? _outbound;
    private volatile bool _closed;

    private MemoryDatagramLink(int id, string name, EndPoint localEndPoint, TimeProvider time)
    {
        _inbox = new MemoryInbox(time);
        Id = id;
        Name = name;
        LocalEndPoint = localEndPoint;
    }

    public int Id { get; }

    public string Name { get; }

    /// <summary>The address the peer sees; change it to simulate a modem getting a new IP (roaming).</summary>
    public EndPoint LocalEndPoint { get; set; }

    /// <summary>Conditions of what this end sends.</summary>
    public LinkConditions Outbound => _outbound!.Conditions;

    public long SentCount => _outbound?.Sent ?? 0;

    /// <summary>Datagrams this end sent that the path dropped (loss, blackhole, full queue).</summary>
    public long DroppedCount => _outbound?.Dropped ?? 0;

    internal MemoryInbox Inbox => _inbox;

    /// <summary>Two connected ends with the given conditions per direction.</summary>
    public static (MemoryDatagramLink A, MemoryDatagramLink B) CreatePair(int id, string name, LinkConditions? aToB = null, LinkConditions? bToA = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var a = new MemoryDatagramLink(id, name + "-a", new IPEndPoint(IPAddress.Loopback, 10_000 + id), time);
        var b = new MemoryDatagramLink(id, name + "-b", new IPEndPoint(IPAddress.Loopback, 20_000 + id), time);
        a._outbound = new MemoryPath(b._inbox, aToB ?? new LinkConditions(), time);
        b._outbound = new MemoryPath(a._inbox, bToA ?? new LinkConditions { Seed = 2 }, time);
        return (a, b);
    }

    /// <summary>An agent link to a listener: sends arrive at the listener from <see cref="LocalEndPoint"/>.</summary>
    internal static MemoryDatagramLink ConnectTo(MemoryDatagramListener listener, int id, string name, EndPoint localEndPoint, LinkConditions up, LinkConditions down, TimeProvider time)
    {
        var link = new MemoryDatagramLink(id, name, localEndPoint, time);
        link._outbound = new MemoryPath(listener.Inbox, up, time);
        listener.Register(link, new MemoryPath(link._inbox, down, time));
        return link;
    }

    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _inbox.ReceiveAsync(buffer, cancellationToken);

    /// <summary>Synchronous receive for tests that drive a session by hand.</summary>
    public bool TryReceive(Span<byte> buffer, out int length) => _inbox.TryReceive(buffer, out length, out _);

    public LinkSendResult Send(ReadOnlySpan<byte> datagram) =>
        _closed ? LinkSendResult.Closed : _outbound!.Send(datagram, LocalEndPoint);

    public void Dispose()
    {
        _closed = true;
        _inbox.Close();
        _outbound?.Dispose();
    }
}
