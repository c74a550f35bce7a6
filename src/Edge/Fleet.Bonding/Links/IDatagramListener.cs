using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>
/// The server's listening socket: one UDP port shared by every agent's every link. Implementations:
/// <c>UdpDatagramListener</c> and <see cref="MemoryDatagramListener"/>. The server wraps each
/// (session, link) in an <see cref="IDatagramLink"/> that sends to the link's last known endpoint.
/// </summary>
public interface IDatagramListener : IDisposable
{
    string Name { get; }

    /// <summary>Receives one datagram and its sender; length 0 once closed.</summary>
    ValueTask<(int Length, EndPoint? From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one datagram to <paramref name="destination"/> without blocking.</summary>
    LinkSendResult SendTo(ReadOnlySpan<byte> datagram, EndPoint destination);
}
