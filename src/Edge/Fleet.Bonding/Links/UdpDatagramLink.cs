using System.Net;
using System.Net.Sockets;

namespace Fleet.Bonding.Links;

/// <summary>
/// Agent side of one uplink: a UDP socket bound to the modem's source address (policy routing picks the modem)
/// and/or pinned to its interface with SO_BINDTODEVICE, connected to the aggregation server. Connected, so
/// ICMP errors surface and the kernel skips a route lookup per send. Receives: <see cref="UdpReceiver"/>
/// (recvmmsg batches on the link's own poll thread, no thread-pool wake-up per datagram).
/// </summary>
public sealed class UdpDatagramLink : IDatagramLink
{
    private readonly Socket _socket;
    private readonly UdpReceiver _receiver;

    private UdpDatagramLink(int id, string name, Socket socket, IPEndPoint remote)
    {
        Id = id;
        Name = name;
        _socket = socket;
        _receiver = new UdpReceiver(socket, $"udp-link-{id}", _ => remote); // connected: every datagram is the server's
    }

    public int Id { get; }

    public string Name { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>
    /// Opens the uplink socket. Throws <see cref="SocketException"/> when the source address is not (yet)
    /// configured or the device does not exist; the caller retries when the modem comes back.
    /// </summary>
    public static UdpDatagramLink Open(int id, string name, IPEndPoint remote, IPAddress? localAddress = null,
        string? device = null, int bufferBytes = UdpSocketTuning.DefaultBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var socket = UdpSocketTuning.Create(bufferBytes);
        try
        {
            if (!string.IsNullOrEmpty(device)) UdpSocketTuning.BindToDevice(socket, device);
            socket.Bind(new IPEndPoint(localAddress ?? IPAddress.Any, 0));
            socket.Connect(remote);
            socket.Blocking = false;
            return new UdpDatagramLink(id, name, socket, remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A datagram already queued (or in the current batch) completes synchronously.</summary>
    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _receiver.ReceiveAsync(buffer, cancellationToken);

    public LinkSendResult Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.Send(datagram, SocketFlags.None, out var error);
            return UdpSocketTuning.Map(error);
        }
        catch (ObjectDisposedException)
        {
            return LinkSendResult.Closed;
        }
    }

    public void Dispose() => _receiver.Dispose();
}
