using System.Net;
using System.Net.Sockets;

namespace Fleet.Bonding.Links;

/// <summary>
/// Aggregation-server side: one UDP socket that serves every agent uplink. Receives: <see cref="UdpReceiver"/>
/// (recvmmsg batches on the listener's own poll thread, no thread-pool wake-up per datagram). Sender endpoints are
/// cached by address in both directions, so steady traffic neither allocates an <see cref="IPEndPoint"/> per
/// receive nor a <see cref="SocketAddress"/> per send.
/// </summary>
public sealed class UdpDatagramListener : IDatagramListener
{
    private const int MaxCachedEndpoints = 65536; // scanners must not grow the caches without bound

    private readonly Socket _socket;
    private readonly UdpReceiver _receiver;
    private readonly Dictionary<ulong, IPEndPoint> _bySource = [];
    private readonly Dictionary<EndPoint, SocketAddress> _byEndpoint = [];
    private readonly Lock _cacheLock = new();

    private UdpDatagramListener(Socket socket, string name)
    {
        _socket = socket;
        Name = name;
        _receiver = new UdpReceiver(socket, "udp-listener", Resolve);
    }

    public string Name { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static UdpDatagramListener Bind(IPEndPoint listen, int bufferBytes = UdpSocketTuning.DefaultBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var socket = UdpSocketTuning.Create(bufferBytes);
        try
        {
            socket.Bind(listen);
            socket.Blocking = false;
            return new UdpDatagramListener(socket, $"udp:{socket.LocalEndPoint}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives one datagram from any agent uplink; length 0 once closed. Call from one loop only.
    /// A datagram already queued (or in the current batch) completes synchronously.</summary>
    public ValueTask<(int Length, EndPoint? From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _receiver.ReceiveAsync(buffer, cancellationToken);

    /// <summary>Sends one datagram to <paramref name="destination"/> without blocking.</summary>
    public LinkSendResult SendTo(ReadOnlySpan<byte> datagram, EndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, AddressOf(destination));
            return LinkSendResult.Sent;
        }
        catch (SocketException e)
        {
            return UdpSocketTuning.Map(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return LinkSendResult.Closed;
        }
    }

    public void Dispose() => _receiver.Dispose();

    private IPEndPoint Resolve(ulong source)
    {
        lock (_cacheLock)
        {
            if (_bySource.TryGetValue(source, out var known)) return known;
            if (_bySource.Count >= MaxCachedEndpoints) { _bySource.Clear(); _byEndpoint.Clear(); }
            var endpoint = DatagramBatch.ToEndPoint(source);
            _bySource[source] = endpoint;
            return endpoint;
        }
    }

    private SocketAddress AddressOf(EndPoint destination)
    {
        lock (_cacheLock)
        {
            if (_byEndpoint.TryGetValue(destination, out var known)) return known;
            if (_byEndpoint.Count >= MaxCachedEndpoints) { _bySource.Clear(); _byEndpoint.Clear(); }
            var address = destination.Serialize();
            _byEndpoint[destination] = address;
            return address;
        }
    }
}
