using System.Runtime.InteropServices;

namespace Fleet.LinkShaper.Relay;

/// <summary>libc calls for AF_PACKET raw sockets and precise sleeping on the release thread.</summary>
internal static unsafe partial class PacketNative
{
    internal const int AfPacket = 17;
    internal const int SockRaw = 3;
    internal const int SockCloExec = 0x80000;
    internal const ushort EthPAll = 0x0003;
    internal const int SolSocket = 1;
    internal const int SoRcvTimeo = 20;
    internal const int SoSndBufForce = 32;
    internal const int SoRcvBufForce = 33;
    internal const int SolPacket = 263;
    internal const int PacketAddMembership = 1;
    internal const int PacketIgnoreOutgoing = 23;
    internal const ushort PacketMrPromisc = 1;
    internal const int MsgTrunc = 0x20;
    internal const int EIntr = 4;
    internal const int EAgain = 11;
    internal const int PrSetTimerSlack = 29;

    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int IfIndex;
        public ushort HaType;
        public byte PktType;
        public byte HaLen;
        public ulong Addr;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PacketMreq
    {
        public int IfIndex;
        public ushort Type;
        public ushort ALen;
        public ulong Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        public long Sec;
        public long USec;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(int fd, void* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    internal static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    internal static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "usleep")]
    internal static partial int USleep(uint microseconds);

    [LibraryImport("libc", EntryPoint = "prctl")]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
