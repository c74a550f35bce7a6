using System.Runtime.InteropServices;

namespace Fleet.Agent.Serial;

/// <summary>
/// A tty opened directly with libc (O_RDWR|O_NOCTTY|O_NONBLOCK, raw termios). Reads poll the
/// descriptor: a zero-timeout poll followed by a short, growing delay while idle. That keeps no thread
/// blocked per modem (an edge box runs 3-4 of them on 2 cores) at the cost of at most
/// <see cref="MaxIdleDelay"/> extra latency, which is irrelevant for AT traffic.
/// </summary>
public sealed class LinuxSerialPort : ISerialPort
{
    private static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxIdleDelay = TimeSpan.FromMilliseconds(15);

    // Guards _fd: a descriptor number closed under a concurrent read could be reused by another open().
    private readonly Lock _gate = new();
    private int _fd;

    internal LinuxSerialPort(int fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Opens and configures a tty; failures are values because a missing tty is routine after a USB reset.</summary>
    public static SerialOpenResult Open(string path, int baudRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (baudRate != 0 && !SerialNative.IsSupportedBaudRate(baudRate))
        {
            return SerialOpenResult.Failure(SerialOpenError.Other, $"unsupported baud rate {baudRate}");
        }

        var fd = SerialNative.Open(path, SerialNative.ORdWr | SerialNative.ONoCtty | SerialNative.ONonBlock | SerialNative.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return SerialOpenResult.Failure(ClassifyOpenError(errno), $"open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var setupError = SerialNative.MakeRaw(fd, baudRate);
        if (setupError != 0)
        {
            SerialNative.Close(fd);
            var kind = setupError == SerialNative.ENotTy ? SerialOpenError.NotATerminal : ClassifyOpenError(setupError);
            return SerialOpenResult.Failure(kind, $"termios {path}: {Marshal.GetPInvokeErrorMessage(setupError)}");
        }

        return SerialOpenResult.Success(new LinuxSerialPort(fd, path));
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var delay = MinIdleDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = TryRead(buffer.Span, out var errno);
            if (n > 0)
            {
                return (int)n;
            }

            if (n == 0)
            {
                // A tty in raw non-blocking mode returns EAGAIN when idle; 0 means hang-up.
                throw new SerialPortGoneException($"{Name}: hang-up", 0);
            }

            if (errno is SerialNative.EAgain or SerialNative.EIntr)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxIdleDelay.Ticks));
                continue;
            }

            throw ErrorFor(errno, "read");
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = TryWrite(data.Span[offset..], out var errno);
            if (n > 0)
            {
                offset += (int)n;
                continue;
            }

            if (n < 0 && errno is not (SerialNative.EAgain or SerialNative.EIntr))
            {
                throw ErrorFor(errno, "write");
            }

            await Task.Delay(MinIdleDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                SerialNative.Close(_fd);
                _fd = -1;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    internal static SerialOpenError ClassifyOpenError(int errno) => errno switch
    {
        SerialNative.ENoEnt or SerialNative.ENxio or SerialNative.ENoDev or SerialNative.EIo => SerialOpenError.NotPresent,
        SerialNative.EAccess or SerialNative.EPerm => SerialOpenError.AccessDenied,
        SerialNative.ENotTy => SerialOpenError.NotATerminal,
        _ => SerialOpenError.Other,
    };

    private unsafe nint TryRead(Span<byte> buffer, out int errno)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            fixed (byte* p = buffer)
            {
                var n = SerialNative.Read(_fd, p, buffer.Length);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                return n;
            }
        }
    }

    private unsafe nint TryWrite(ReadOnlySpan<byte> data, out int errno)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            fixed (byte* p = data)
            {
                var n = SerialNative.Write(_fd, p, data.Length);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                return n;
            }
        }
    }

    private IOException ErrorFor(int errno, string operation)
    {
        var message = $"{Name}: {operation}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return SerialNative.IsGone(errno) ? new SerialPortGoneException(message, errno) : new IOException(message);
    }
}
