using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>
/// Server-side view of one agent uplink: sends through the shared <see cref="UdpServerSocket"/> to a fixed
/// remote endpoint. Send-only: everything an agent sends arrives on the shared socket's receive loop, so
/// <see cref="ReceiveAsync"/> reports "closed" (length 0) at once instead of competing for datagrams.
/// </summary>
public sealed class UdpRemoteLink : IDatagramLink
{
    private readonly UdpServerSocket _server;
    private readonly System.Net.SocketAddress _address;

    internal UdpRemoteLink(UdpServerSocket server, int id, string name, IPEndPoint remote)
    {
        _server = server;
        Id = id;
        Name = name;
        Remote = remote;
        _address = remote.Serialize();
    }

    public int Id { get; }

    public string Name { get; }

    public IPEndPoint Remote { get; }

    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        new((0, null));

    public LinkSendResult Send(ReadOnlySpan<byte> datagram) => _server.SendTo(datagram, _address);

    public void Dispose()
    {
        // The shared socket belongs to the server; nothing per remote to release.
    }
}
