using System.Collections.Concurrent;
using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>In-memory <see cref="IDatagramListener"/>: agent links made by <see cref="Connect"/> send to
/// it; <see cref="SendTo"/> reaches whichever connected link currently has that endpoint.</summary>
public sealed class MemoryDatagramListener(string name = "memory-listener", TimeProvider? time = null) : IDatagramListener
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<MemoryDatagramLink, MemoryPath> _links = new();
    private int _nextPort = 40_000;

    public string Name => name;

    internal MemoryInbox Inbox { get; } = new(time ?? TimeProvider.System);

    public long Unroutable { get; private set; }

    /// <summary>Creates an agent-side link to this listener (its own endpoint, conditions per direction).</summary>
    public MemoryDatagramLink Connect(int id, string linkName, LinkConditions? up = null, LinkConditions? down = null)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse($"10.201.{id + 1}.1"), Interlocked.Increment(ref _nextPort));
        return MemoryDatagramLink.ConnectTo(this, id, linkName, endPoint, up ?? new LinkConditions { Seed = 10 + id },
            down ?? new LinkConditions { Seed = 20 + id }, _time);
    }

    // Array snapshot for SendTo: enumerating the dictionary would allocate per datagram.
    private volatile KeyValuePair<MemoryDatagramLink, MemoryPath>[] _snapshot = [];

    internal void Register(MemoryDatagramLink link, MemoryPath toLink)
    {
        _links[link] = toLink;
        _snapshot = [.. _links];
    }

    public ValueTask<(int Length, EndPoint? From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Inbox.ReceiveAsync(buffer, cancellationToken);

    /// <summary>Blackholes (or restores) the downlink direction towards one connected link.</summary>
    public void SetBlackhole(MemoryDatagramLink link, bool blackhole)
    {
        if (_links.TryGetValue(link, out var path))
        {
            path.Conditions.Blackhole = blackhole;
        }
    }

    /// <summary>The downlink conditions towards one connected link.</summary>
    public LinkConditions DownlinkOf(MemoryDatagramLink link) => _links[link].Conditions;

    /// <summary>Synchronous receive for tests that drive the server by hand.</summary>
    public bool TryReceiveFrom(Span<byte> buffer, out int length, out EndPoint? from) => Inbox.TryReceive(buffer, out length, out from);

    public LinkSendResult SendTo(ReadOnlySpan<byte> datagram, EndPoint destination)
    {
        foreach (var (link, path) in _snapshot)
        {
            if (link.LocalEndPoint.Equals(destination))
            {
                return path.Send(datagram, null);
            }
        }

        Unroutable++;
        return LinkSendResult.NetworkUnreachable;
    }

    public void Dispose()
    {
        Inbox.Close();
        foreach (var path in _links.Values)
        {
            path.Dispose();
        }
    }
}
