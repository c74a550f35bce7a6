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

    /// <summary>Receives one datagram from any agent uplink; length 0 once closed. Call from one loop only.
    /// A datagram already queued completes synchronously without an async state machine.</summary>
    public ValueTask<(int Length, EndPoint? From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var pending = _socket.ReceiveFromAsync(buffer, SocketFlags.None, _receiveAddress, cancellationToken);
            return pending.IsCompletedSuccessfully
                ? new ValueTask<(int, EndPoint?)>((pending.Result, Resolve(_receiveAddress)))
                : ReceiveFromSlowAsync(pending, buffer, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return new ValueTask<(int, EndPoint?)>((0, null));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(int Length, EndPoint? From)> ReceiveFromSlowAsync(ValueTask<int> pending, Memory<byte> buffer,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var n = await pending.ConfigureAwait(false);
                return (n, Resolve(_receiveAddress));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset
                                                or SocketError.NetworkUnreachable or SocketError.HostUnreachable)
            {
                // ICMP for an earlier send to some agent; the socket itself is fine
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
            try
            {
                pending = _socket.ReceiveFromAsync(buffer, SocketFlags.None, _receiveAddress, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                return (0, null);
            }
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
