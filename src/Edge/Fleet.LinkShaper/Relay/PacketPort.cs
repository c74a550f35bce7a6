using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Fleet.LinkShaper.Relay.PacketNative;

namespace Fleet.LinkShaper.Relay;

/// <summary>
/// An AF_PACKET raw socket on one interface of the shaper namespace: receives every frame arriving there
/// (promiscuous: the frames are addressed to the far end's MAC) and never its own transmissions, and
/// sends frames out of it unchanged. The relay is a wire, not a router: ARP and MACs pass end to end.
/// </summary>
internal sealed unsafe class PacketPort : IDisposable
{
    private readonly int _fd;

    private PacketPort(int fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    public string Name { get; }

    public static PacketPort Open(string interfaceName, int bufferBytes = 8 << 20)
    {
        var index = IfNameToIndex(interfaceName);
        if (index == 0) throw new InvalidOperationException($"interface '{interfaceName}' does not exist in this namespace");
        var protocol = BinaryPrimitives.ReverseEndianness(EthPAll);
        var fd = PacketNative.Socket(AfPacket, SockRaw | SockCloExec, protocol);
        if (fd < 0) throw Failure($"socket(AF_PACKET) for {interfaceName}");
        try
        {
            var ignore = 1;
            if (SetSockOpt(fd, SolPacket, PacketIgnoreOutgoing, &ignore, sizeof(int)) < 0) throw Failure("PACKET_IGNORE_OUTGOING");
            var size = bufferBytes;
            SetSockOpt(fd, SolSocket, SoRcvBufForce, &size, sizeof(int));
            SetSockOpt(fd, SolSocket, SoSndBufForce, &size, sizeof(int));
            var timeout = new TimeVal { Sec = 0, USec = 200_000 }; // lets the receive loop notice shutdown
            SetSockOpt(fd, SolSocket, SoRcvTimeo, &timeout, sizeof(TimeVal));
            var address = new SockAddrLl { Family = AfPacket, Protocol = protocol, IfIndex = (int)index };
            if (PacketNative.Bind(fd, &address, sizeof(SockAddrLl)) < 0) throw Failure($"bind to {interfaceName}");
            var mreq = new PacketMreq { IfIndex = (int)index, Type = PacketMrPromisc };
            if (SetSockOpt(fd, SolPacket, PacketAddMembership, &mreq, sizeof(PacketMreq)) < 0) throw Failure("PACKET_MR_PROMISC");
            return new PacketPort(fd, interfaceName);
        }
        catch
        {
            Close(fd);
            throw;
        }
    }

    /// <summary>Frame length (may exceed the buffer: truncated), 0 on timeout or shutdown.</summary>
    public int Receive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var n = Recv(_fd, p, buffer.Length, MsgTrunc);
            return n > 0 ? (int)n : 0;
        }
    }

    public bool Send(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
        {
            return PacketNative.Send(_fd, p, frame.Length, 0) == frame.Length;
        }
    }

    public void Dispose() => Close(_fd);

    private static InvalidOperationException Failure(string step)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new InvalidOperationException($"{step}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
