using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Tun;

namespace Fleet.Bonding.Links;

/// <summary>
/// The receive side both UDP transports share: <see cref="DatagramBatch"/>es (recvmmsg) read on the socket's own
/// poll thread (<see cref="PolledReader{TResult}"/>) instead of the socket's async engine, so the caller's receive
/// loop runs on that thread with no thread-pool wake-up per datagram. Owns the socket: disposing closes it.
/// </summary>
internal sealed class UdpReceiver : IDisposable
{
    private static readonly (int, EndPoint?) Closed = (0, null);

    private readonly Socket _socket;
    private readonly Func<ulong, EndPoint> _sender;
    private readonly DatagramBatch _batch = new();
    private readonly PolledReader<(int, EndPoint?)> _reader;
    private int _disposed;

    /// <param name="sender">Maps a <see cref="DatagramBatch.SourceKey"/> to the endpoint handed to the caller.</param>
    public UdpReceiver(Socket socket, string threadName, Func<ulong, EndPoint> sender)
    {
        _socket = socket;
        _sender = sender;
        _reader = new PolledReader<(int, EndPoint?)>((int)socket.SafeHandle.DangerousGetHandle(), threadName, TryReceive, Closed);
    }

    /// <summary>One datagram and its sender; length 0 once closed. A datagram already queued (or left in the
    /// current batch) completes synchronously. One read at a time.</summary>
    public ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _reader.Dispose();
        _socket.Dispose();
        _batch.Dispose();
    }

    private bool TryReceive(Span<byte> buffer, out (int, EndPoint?) result)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            result = Closed;
            return true;
        }

        if (!_batch.TryNext(_socket.SafeHandle, buffer, out var length, out var source))
        {
            result = default;
            return false;
        }

        result = length == 0 ? Closed : (length, _sender(source));
        return true;
    }
}
