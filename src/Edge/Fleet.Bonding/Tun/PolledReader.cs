using System.Threading.Tasks.Sources;
using static Fleet.Bonding.Tun.LinuxTunNative;

namespace Fleet.Bonding.Tun;

/// <summary>One non-blocking read attempt into <paramref name="buffer"/>; false when nothing is queued.</summary>
internal delegate bool NonBlockingRead<TResult>(Span<byte> buffer, out TResult result);

/// <summary>
/// Reads from a non-blocking descriptor (TUN device, UDP socket) without the thread pool. A read that finds
/// data completes synchronously on the caller's thread (the hot path: no allocation, no thread hop). One that
/// would block parks on this reader's own thread, which poll(2)s the descriptor, reads and completes a
/// reusable <see cref="IValueTaskSource{TResult}"/> with continuations run inline: the caller's read loop then
/// simply continues on that thread, so under load a packet is read, processed and forwarded by one thread with
/// no wake-up in between, as wireguard-go does with a goroutine per socket. One read outstanding at a time.
/// </summary>
internal sealed unsafe class PolledReader<TResult> : IValueTaskSource<TResult>, IDisposable
{
    /// <summary>How often a parked read notices cancellation or disposal.</summary>
    private const int PollIntervalMs = 100;

    private readonly int _fd;
    private readonly NonBlockingRead<TResult> _tryRead;
    private readonly TResult _closed;
    private readonly Thread _waiter;
    private readonly SemaphoreSlim _readRequested = new(0);
    private ManualResetValueTaskSourceCore<TResult> _pendingRead;
    private Memory<byte> _pendingBuffer;
    private CancellationToken _pendingToken;
    private volatile bool _disposed;

    /// <param name="closed">The result once disposed (the caller's "length 0 = closed").</param>
    public PolledReader(int fd, string name, NonBlockingRead<TResult> tryRead, TResult closed)
    {
        _fd = fd;
        _tryRead = tryRead;
        _closed = closed;
        _pendingRead.RunContinuationsAsynchronously = false;
        _waiter = new Thread(RunPollLoop) { IsBackground = true, Name = name };
        _waiter.Start();
    }

    public ValueTask<TResult> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<TResult>(cancellationToken);
        if (_disposed) return new ValueTask<TResult>(_closed);
        if (_tryRead(buffer.Span, out var result)) return new ValueTask<TResult>(result);
        _pendingBuffer = buffer;
        _pendingToken = cancellationToken;
        _pendingRead.Reset();
        var version = _pendingRead.Version;
        _readRequested.Release();
        return new ValueTask<TResult>(this, version);
    }

    /// <summary>Stops the poll thread (waits for it unless called from it); the owner closes the descriptor after.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _readRequested.Release();
        if (Thread.CurrentThread != _waiter) _waiter.Join(TimeSpan.FromSeconds(2));
    }

    private void RunPollLoop()
    {
        var pfd = new PollFd { Fd = _fd, Events = PollIn };
        while (true)
        {
            _readRequested.Wait();
            if (_disposed && !HasPendingRead()) return;
            while (true)
            {
                if (_disposed) { Complete(_closed); return; }
                if (_pendingToken.IsCancellationRequested)
                {
                    _pendingRead.SetException(new OperationCanceledException(_pendingToken));
                    break;
                }

                pfd.REvents = 0;
                if (Poll(&pfd, 1, PollIntervalMs) == 0) continue;
                bool ready;
                TResult result;
                try
                {
                    ready = _tryRead(_pendingBuffer.Span, out result);
                }
                catch (Exception e)
                {
                    _pendingRead.SetException(e); // the caller's loop sees it as it would a synchronous failure
                    break;
                }

                if (!ready) continue;
                Complete(result);
                break;
            }
        }
    }

    private bool HasPendingRead() => _pendingRead.GetStatus(_pendingRead.Version) == ValueTaskSourceStatus.Pending;

    private void Complete(TResult result)
    {
        if (HasPendingRead()) _pendingRead.SetResult(result);
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _pendingRead.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _pendingRead.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _pendingRead.OnCompleted(continuation, state, token, flags);
}
