using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>
/// One uplink's datagram transport to the peer: on the agent a UDP socket bound to one modem's interface,
/// on the server the shared listening socket addressed to one remote endpoint. Implementations:
/// <c>UdpDatagramLink</c> and <c>MemoryDatagramLink</c> (in-memory pair for tests).
/// </summary>
public interface IDatagramLink : IDisposable
{
    /// <summary>Small integer id, unique within a session, carried in the wire header.</summary>
    int Id { get; }

    string Name { get; }

    /// <summary>Receives one datagram; returns its length and sender, or length 0 once closed.</summary>
    ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one datagram without blocking. Failure is a value: the link may be gone.</summary>
    LinkSendResult Send(ReadOnlySpan<byte> datagram);
}

public enum LinkSendResult
{
    Sent,
    WouldBlock,
    NetworkUnreachable,
    Closed,
}
