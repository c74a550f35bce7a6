using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Fleet.Bonding.Links;

/// <summary>
/// Agent side of one uplink: a UDP socket bound to the modem's source address (policy routing picks the modem)
/// and/or pinned to its interface with SO_BINDTODEVICE, connected to the aggregation server. Connected, so
/// ICMP errors surface and the kernel skips a route lookup per send.
/// </summary>
public sealed class UdpDatagramLink : IDatagramLink
{
    private readonly Socket _socket;
    private readonly IPEndPoint _remote;

    private UdpDatagramLink(int id, string name, Socket socket, IPEndPoint remote)
    {
        Id = id;
        Name = name;
        _socket = socket;
        _remote = remote;
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

    /// <summary>A datagram already queued completes synchronously without an async state machine.</summary>
    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var pending = _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            return pending.IsCompletedSuccessfully
                ? new ValueTask<(int, EndPoint?)>((pending.Result, _remote))
                : ReceiveSlowAsync(pending, buffer, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return new ValueTask<(int, EndPoint?)>((0, null));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(int Length, EndPoint? From)> ReceiveSlowAsync(ValueTask<int> pending, Memory<byte> buffer,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var n = await pending.ConfigureAwait(false);
                return (n, _remote);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.NetworkUnreachable
                                                or SocketError.HostUnreachable or SocketError.ConnectionReset)
            {
                // An ICMP error for an earlier datagram: the uplink may recover, keep listening.
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
                pending = _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                return (0, null);
            }
        }
    }

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

    public void Dispose() => _socket.Dispose();
}
