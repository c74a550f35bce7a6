using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Fleet.Bonding.Links;

/// <summary>
/// Aggregation-server side: one UDP socket that serves every agent uplink. Sender endpoints are cached per
/// socket address in both directions, so steady traffic neither allocates an <see cref="IPEndPoint"/> per
/// receive nor a <see cref="SocketAddress"/> per send.
/// </summary>
public sealed class UdpDatagramListener : IDatagramListener
{
    private const int MaxCachedEndpoints = 65536; // scanners must not grow the caches without bound

    private readonly Socket _socket;
    private readonly SocketAddress _receiveAddress = new(AddressFamily.InterNetwork);
    private readonly Dictionary<SocketAddress, IPEndPoint> _byAddress = [];
    private readonly Dictionary<EndPoint, SocketAddress> _byEndpoint = [];
    private readonly Lock _cacheLock = new();

    private UdpDatagramListener(Socket socket, string name)
    {
        _socket = socket;
        Name = name;
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

    /// <summary>Receives one datagram from any agent uplink; length 0 once closed. Call from one loop only.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(int Length, EndPoint? From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _receiveAddress, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset
                                                or SocketError.NetworkUnreachable or SocketError.HostUnreachable)
            {
                continue; // ICMP for an earlier send to some agent; the socket itself is fine
            }
            catch (ObjectDisposedException)
            {
                return (0, null);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Shutdown)
            {
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
                return (0, null);
            }
            return (n, Resolve(_receiveAddress));
        }
    }

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

    public void Dispose() => _socket.Dispose();

    private IPEndPoint Resolve(SocketAddress address)
    {
        lock (_cacheLock)
        {
            if (_byAddress.TryGetValue(address, out var known)) return known;
            if (_byAddress.Count >= MaxCachedEndpoints) { _byAddress.Clear(); _byEndpoint.Clear(); }
            var endpoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
            var copy = new SocketAddress(address.Family, address.Size);
            address.Buffer.Span.CopyTo(copy.Buffer.Span);
            _byAddress[copy] = endpoint;
            _byEndpoint[endpoint] = copy;
            return endpoint;
        }
    }

    private SocketAddress AddressOf(EndPoint destination)
    {
        lock (_cacheLock)
        {
            if (_byEndpoint.TryGetValue(destination, out var known)) return known;
            if (_byEndpoint.Count >= MaxCachedEndpoints) { _byAddress.Clear(); _byEndpoint.Clear(); }
            var address = destination.Serialize();
            _byEndpoint[destination] = address;
            return address;
        }
    }
}
