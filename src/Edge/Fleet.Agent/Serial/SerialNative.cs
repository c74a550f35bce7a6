using System.Runtime.InteropServices;

namespace Fleet.Agent.Serial;

/// <summary>
/// The libc calls a tty needs. System.IO.Ports is not available from this registry, and a modem tty
/// needs only open/termios/poll/read/write. termios is handled as an opaque buffer (filled by
/// tcgetattr, edited only by cfmakeraw/cfsetspeed) so the struct layout never has to be declared.
/// </summary>
internal static unsafe partial class SerialNative
{
    internal const int ORdWr = 0x2;
    internal const int ONoCtty = 0x100;
    internal const int ONonBlock = 0x800;
    internal const int OCloExec = 0x80000;

    internal const int ENoEnt = 2;
    internal const int EIntr = 4;
    internal const int EIo = 5;
    internal const int ENxio = 6;
    internal const int EAgain = 11;
    internal const int EAccess = 13;
    internal const int ENoDev = 19;
    internal const int ENotTy = 25;
    internal const int EPerm = 1;

    internal const short PollIn = 0x1;
    internal const short PollOut = 0x4;
    internal const short PollErr = 0x8;
    internal const short PollHup = 0x10;
    internal const short PollNval = 0x20;

    internal const int TcsaNow = 0;

    /// <summary>Bigger than struct termios on every Linux ABI (60 bytes on glibc x86-64/arm64).</summary>
    internal const int TermiosBufferSize = 256;

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

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    internal static partial void CfMakeRaw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    internal static partial int CfSetSpeed(byte* termios, uint speed);

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsNameR(int fd, byte* buffer, nuint length);

    /// <summary>Linux Bxxx speed constants (asm-generic/termbits.h); they are not the baud numbers.</summary>
    internal static uint SpeedConstant(int baudRate) => baudRate switch
    {
        9600 => 0x0D,
        19200 => 0x0E,
        38400 => 0x0F,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        3000000 => 0x100D,
        4000000 => 0x100F,
        _ => throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, "unsupported baud rate"),
    };

    internal static bool IsSupportedBaudRate(int baudRate) => baudRate is 9600 or 19200 or 38400 or 57600 or 115200
        or 230400 or 460800 or 921600 or 3000000 or 4000000;

    /// <summary>Errors that mean the device went away rather than a transient failure.</summary>
    internal static bool IsGone(int errno) => errno is EIo or ENxio or ENoDev or ENoEnt;

    /// <summary>Puts <paramref name="fd"/> in raw mode (no echo, no line editing, 8N1) at the given speed.</summary>
    internal static int MakeRaw(int fd, int baudRate)
    {
        var termios = stackalloc byte[TermiosBufferSize];
        if (TcGetAttr(fd, termios) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        CfMakeRaw(termios);
        if (baudRate > 0 && CfSetSpeed(termios, SpeedConstant(baudRate)) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        return TcSetAttr(fd, TcsaNow, termios) != 0 ? Marshal.GetLastPInvokeError() : 0;
    }
}
