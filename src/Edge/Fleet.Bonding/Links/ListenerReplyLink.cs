using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>Server side: one agent link as seen through the shared listener — sends go to the
/// endpoint the link's packets last came from. Receiving happens in the server's listener loop.</summary>
internal sealed class ListenerReplyLink(IDatagramListener listener, int id, EndPoint remote) : IDatagramLink
{
    public int Id => id;

    public string Name => $"{listener.Name}->{remote}";

    public EndPoint Remote => remote;

    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        ValueTask.FromResult<(int, EndPoint?)>((0, null));

    public LinkSendResult Send(ReadOnlySpan<byte> datagram) => listener.SendTo(datagram, remote);

    public void Dispose()
    {
    }
}
