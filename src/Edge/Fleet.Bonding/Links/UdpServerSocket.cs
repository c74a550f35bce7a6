using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Fleet.Bonding.Links;

/// <summary>
/// Aggregation-server side: one UDP socket that serves every agent uplink. Receives report the sender's
/// endpoint (cached per address, so steady traffic does not allocate); <see cref="LinkTo"/> gives a send-only
/// <see cref="IDatagramLink"/> addressed to one remote endpoint for the bonding engine's per-uplink path.
/// </summary>
public sealed class UdpServerSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly SocketAddress _receiveAddress;
    private readonly Dictionary<SocketAddress, IPEndPoint> _endpoints = [];
    private readonly Lock _endpointsLock = new();

    private UdpServerSocket(Socket socket)
    {
        _socket = socket;
        _receiveAddress = new SocketAddress(AddressFamily.InterNetwork);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static UdpServerSocket Bind(IPEndPoint listen, int bufferBytes = UdpSocketTuning.DefaultBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var socket = UdpSocketTuning.Create(bufferBytes);
        try
        {
            socket.Bind(listen);
            socket.Blocking = false;
            return new UdpServerSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives one datagram from any agent uplink; length 0 once closed. Call from one loop only.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(int Length, IPEndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
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

    /// <summary>Sends one datagram to <paramref name="remote"/> without blocking.</summary>
    public LinkSendResult SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
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

    /// <summary>A send-only link to one agent uplink, sharing this socket.</summary>
    public IDatagramLink LinkTo(int id, IPEndPoint remote, string? name = null) =>
        new UdpRemoteLink(this, id, name ?? remote.ToString(), remote);

    public void Dispose() => _socket.Dispose();

    private IPEndPoint Resolve(SocketAddress address)
    {
        lock (_endpointsLock)
        {
            if (_endpoints.TryGetValue(address, out var known)) return known;
            var endpoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
            if (_endpoints.Count > 65536) _endpoints.Clear(); // scanners must not grow this without bound
            var key = new SocketAddress(address.Family, address.Size);
            address.Buffer.Span.CopyTo(key.Buffer.Span);
            _endpoints[key] = endpoint;
            return endpoint;
        }
    }
}
