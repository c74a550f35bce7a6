using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks.Sources;
using static Fleet.Bonding.Tun.LinuxTunNative;

namespace Fleet.Bonding.Tun;

/// <summary>
/// A /dev/net/tun device in IFF_TUN|IFF_NO_PI mode: one raw IP packet per read/write.
/// The descriptor is non-blocking. A read that finds a packet completes synchronously (the hot path, no
/// allocation); one that would block parks on a dedicated poll thread and completes a reusable
/// <see cref="IValueTaskSource{TResult}"/>, so no thread-pool thread is ever blocked and no Task is allocated.
/// </summary>
public sealed unsafe class LinuxTunDevice : ITunDevice, IValueTaskSource<int>
{
    private const int PollIntervalMs = 100;

    private readonly int _fd;
    private readonly Thread _waiter;
    private readonly SemaphoreSlim _readRequested = new(0);
    private ManualResetValueTaskSourceCore<int> _pendingRead;
    private Memory<byte> _pendingBuffer;
    private CancellationToken _pendingToken;
    private volatile bool _disposed;

    private LinuxTunDevice(int fd, string name, int mtu)
    {
        _fd = fd;
        Name = name;
        Mtu = mtu;
        // Continuations run inline on the poll thread: the caller's read loop then simply continues there.
        _pendingRead.RunContinuationsAsynchronously = false;
        _waiter = new Thread(RunPollLoop) { IsBackground = true, Name = $"tun-{name}" };
        _waiter.Start();
    }

    public string Name { get; }

    public int Mtu { get; }

    /// <summary>
    /// Creates the device, sets MTU and queue length, optionally assigns the IPv4 address, and brings it up.
    /// Throws <see cref="TunDeviceException"/> with the failing step and errno (missing root, no /dev/net/tun, ...).
    /// </summary>
    public static LinuxTunDevice Open(LinuxTunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Encoding.UTF8.GetByteCount(options.Name) >= IfNameSize)
            throw new TunDeviceException($"interface name '{options.Name}' is longer than {IfNameSize - 1} bytes");
        if (options.Mtu is < 576 or > 65535)
            throw new TunDeviceException($"MTU {options.Mtu} is outside 576..65535");

        var fd = LinuxTunNative.Open("/dev/net/tun", ORdWr | ONonBlock | OCloExec);
        if (fd < 0) throw Failure("open /dev/net/tun");
        try
        {
            var ifr = stackalloc byte[IfReqSize];
            new Span<byte>(ifr, IfReqSize).Clear();
            Encoding.UTF8.GetBytes(options.Name, new Span<byte>(ifr, IfNameSize - 1));
            *(short*)(ifr + IfNameSize) = IffTun | IffNoPi;
            if (Ioctl(fd, TunSetIff, ifr) < 0) throw Failure("TUNSETIFF");
            var name = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(ifr, IfNameSize)).TrimEnd('\0');
            LinuxInterfaceConfigurator.Configure(name, options);
            return new LinuxTunDevice(fd, name, options.Mtu);
        }
        catch
        {
            Close(fd);
            throw;
        }
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        var n = TryRead(buffer.Span);
        if (n != WouldBlock) return new ValueTask<int>(n);
        _pendingBuffer = buffer;
        _pendingToken = cancellationToken;
        _pendingRead.Reset();
        var version = _pendingRead.Version;
        _readRequested.Release();
        return new ValueTask<int>(this, version);
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        if (_disposed || packet.IsEmpty) return false;
        fixed (byte* p = packet)
        {
            // A full kernel queue (EAGAIN) or a vanished device: drop, as a router would.
            return LinuxTunNative.Write(_fd, p, packet.Length) == packet.Length;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _readRequested.Release();
        if (Thread.CurrentThread != _waiter) _waiter.Join(TimeSpan.FromSeconds(2));
        Close(_fd);
    }

    private const int WouldBlock = -1;

    /// <summary>Packet length, 0 when the device is gone, or <see cref="WouldBlock"/>.</summary>
    private int TryRead(Span<byte> buffer)
    {
        if (_disposed) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Read(_fd, p, buffer.Length);
                if (n > 0) return (int)n;
                if (n == 0) return 0;
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                return errno == EAgain ? WouldBlock : 0;
            }
        }
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
                if (_disposed) { Complete(0); return; }
                if (_pendingToken.IsCancellationRequested)
                {
                    _pendingRead.SetException(new OperationCanceledException(_pendingToken));
                    break;
                }
                pfd.REvents = 0;
                Poll(&pfd, 1, PollIntervalMs);
                var n = TryRead(_pendingBuffer.Span);
                if (n == WouldBlock) continue;
                Complete(n);
                break;
            }
        }
    }

    private bool HasPendingRead() => _pendingRead.GetStatus(_pendingRead.Version) == ValueTaskSourceStatus.Pending;

    private void Complete(int n)
    {
        if (HasPendingRead()) _pendingRead.SetResult(n);
    }

    private static TunDeviceException Failure(string step)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new TunDeviceException($"{step} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    int IValueTaskSource<int>.GetResult(short token) => _pendingRead.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _pendingRead.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _pendingRead.OnCompleted(continuation, state, token, flags);
}

/// <summary>A TUN device could not be created or configured; the message names the step and errno.</summary>
public sealed class TunDeviceException(string message) : Exception(message);
