using System.Runtime.InteropServices;

namespace Fleet.Bonding.Tun;

/// <summary>
/// The few libc calls the TUN device needs. Kept raw (no SafeHandle) because the device owns exactly one
/// descriptor and the hot path must not allocate.
/// </summary>
internal static unsafe partial class LinuxTunNative
{
    internal const int ORdWr = 0x2;
    internal const int ONonBlock = 0x800;
    internal const int OCloExec = 0x80000;

    internal const nuint TunSetIff = 0x400454CA;
    internal const short IffTun = 0x0001;
    internal const short IffNoPi = 0x1000;

    internal const nuint SiocGIfFlags = 0x8913;
    internal const nuint SiocSIfFlags = 0x8914;
    internal const nuint SiocSIfAddr = 0x8916;
    internal const nuint SiocSIfNetmask = 0x891C;
    internal const nuint SiocSIfMtu = 0x8922;
    internal const nuint SiocSIfTxQLen = 0x8943;
    internal const short IffUp = 0x1;
    internal const short IffRunning = 0x40;

    internal const int AfInet = 2;
    internal const int SockDgram = 2;
    internal const int SockCloExec = 0x80000;

    internal const int EIntr = 4;
    internal const int EAgain = 11;
    internal const short PollIn = 0x1;

    /// <summary>struct ifreq is 40 bytes on 64-bit Linux: 16 bytes of name, then a 24-byte union.</summary>
    internal const int IfReqSize = 40;
    internal const int IfNameSize = 16;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);
}
