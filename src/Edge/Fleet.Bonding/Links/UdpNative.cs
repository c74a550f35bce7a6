using System.Runtime.InteropServices;

namespace Fleet.Bonding.Links;

/// <summary>
/// recvmmsg(2) and the LP64 Linux structures it fills (x86-64 and arm64 share the layout). Raw, so a
/// batch of datagrams costs one system call and no allocation. EINTR/EAGAIN and poll(2) are shared with the
/// TUN device (<see cref="Tun.LinuxTunNative"/>).
/// </summary>
internal static unsafe partial class UdpNative
{
    internal const int MsgDontWait = 0x40;
    internal const int SockAddrInSize = 16;

    internal const int EBadF = 9;
    internal const int ENotSock = 88;
    internal const int ENetUnreach = 101;
    internal const int EConnReset = 104;
    internal const int EConnRefused = 111;
    internal const int EHostUnreach = 113;

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary>struct sockaddr_in: family, port and address in network byte order, 8 bytes of zero.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrIn
    {
        public ushort Family;
        public ushort PortBigEndian;
        public uint AddressBigEndian;
        public ulong Zero;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    internal static partial int RecvMMsg(nint fd, MMsgHdr* messages, uint count, int flags, void* timeout);
}
