using System.Runtime.InteropServices;
using System.Text;
using static Fleet.Bonding.Tun.LinuxTunNative;

namespace Fleet.Bonding.Tun;

/// <summary>
/// A /dev/net/tun device in IFF_TUN|IFF_NO_PI mode: one raw IP packet per read/write.
/// The descriptor is non-blocking and read through a <see cref="PolledReader{TResult}"/>: a read that finds a
/// packet completes synchronously (the hot path, no allocation); one that would block parks on the device's
/// poll thread, which then runs the caller's read loop, so no thread-pool thread is ever blocked or woken.
/// </summary>
public sealed unsafe class LinuxTunDevice : ITunDevice
{
    private readonly int _fd;
    private readonly PolledReader<int> _reader;
    private volatile bool _disposed;

    private LinuxTunDevice(int fd, string name, int mtu)
    {
        _fd = fd;
        Name = name;
        Mtu = mtu;
        _reader = new PolledReader<int>(fd, $"tun-{name}", TryRead, 0);
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

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, cancellationToken);

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
        _reader.Dispose();
        Close(_fd);
    }

    /// <summary>One packet: false when none is queued; length 0 when the device is gone.</summary>
    private bool TryRead(Span<byte> buffer, out int length)
    {
        length = 0;
        if (_disposed) return true;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Read(_fd, p, buffer.Length);
                if (n >= 0)
                {
                    length = (int)n;
                    return true;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                return errno != EAgain;
            }
        }
    }

    private static TunDeviceException Failure(string step)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new TunDeviceException($"{step} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}

/// <summary>A TUN device could not be created or configured; the message names the step and errno.</summary>
public sealed class TunDeviceException(string message) : Exception(message);
