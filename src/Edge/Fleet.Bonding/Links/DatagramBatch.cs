using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Fleet.Bonding.Protocol;
using static Fleet.Bonding.Links.UdpNative;
using static Fleet.Bonding.Tun.LinuxTunNative;

namespace Fleet.Bonding.Links;

/// <summary>
/// Datagrams taken from a UDP socket up to <see cref="Capacity"/> at a time with one recvmmsg(2), then handed
/// out one by one: under load the receive path costs one system call per batch instead of one per datagram.
/// Slots, headers and sender addresses live in native memory (fixed, nothing pinned or allocated per call).
/// One reader at a time; disposal may race with it (a link removed while its loop reads), so both take a lock,
/// uncontended in practice.
/// </summary>
internal sealed unsafe class DatagramBatch : IDisposable
{
    public const int DefaultCapacity = 32;

    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iov;
    private readonly SockAddrIn* _names;
    private readonly byte* _slots;
    private int _count;
    private int _next;
    private bool _freed;
    private readonly Lock _gate = new();

    public DatagramBatch(int capacity = DefaultCapacity, int slotSize = BondingProtocol.ReceiveBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        Capacity = capacity;
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
        _iov = (IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVec)));
        _names = (SockAddrIn*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(SockAddrIn)));
        _slots = (byte*)NativeMemory.Alloc((nuint)capacity * (nuint)slotSize);
        for (var i = 0; i < capacity; i++)
        {
            _iov[i].Base = _slots + (nint)i * slotSize;
            _iov[i].Length = (nuint)slotSize;
            _messages[i].Header.Iov = &_iov[i];
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Name = &_names[i];
        }
    }

    public int Capacity { get; }

    /// <summary>
    /// Copies the next datagram into <paramref name="destination"/> (cut to its length), receiving a new batch
    /// without blocking when every queued one was taken. False when nothing is queued; true with length 0 once
    /// the socket is closed. <paramref name="source"/> is the sender as <see cref="SourceKey"/> packs it.
    /// Empty datagrams are skipped (length 0 means closed to the callers). ICMP errors reported for earlier
    /// sends are consumed and reading goes on; other failures throw <see cref="IOException"/>.
    /// </summary>
    public bool TryNext(SafeSocketHandle socket, Span<byte> destination, out int length, out ulong source)
    {
        lock (_gate)
        {
            if (!_freed) return TryNextLocked(socket, destination, out length, out source);
            length = 0;
            source = 0;
            return true; // disposed: closed
        }
    }

    private bool TryNextLocked(SafeSocketHandle socket, Span<byte> destination, out int length, out ulong source)
    {
        while (true)
        {
            while (_next < _count)
            {
                var i = _next++;
                var received = (int)_messages[i].Length;
                if (received == 0) continue;
                length = Math.Min(received, destination.Length);
                new ReadOnlySpan<byte>(_iov[i].Base, length).CopyTo(destination);
                source = SourceKey(_names[i].AddressBigEndian, _names[i].PortBigEndian);
                return true;
            }

            source = 0;
            length = 0;
            var n = Receive(socket, out var errno);
            if (n > 0)
            {
                _count = n;
                _next = 0;
                continue;
            }

            if (n == 0) return true; // shut down
            switch (errno)
            {
                case EAgain:
                    return false;
                case EIntr or EConnRefused or EConnReset or ENetUnreach or EHostUnreach:
                    continue;
                case EBadF or ENotSock:
                    return true;
                default:
                    throw new IOException($"recvmmsg failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }
        }
    }

    /// <summary>An IPv4 sender as one integer: address and port in network byte order.</summary>
    public static ulong SourceKey(uint addressBigEndian, ushort portBigEndian) => ((ulong)addressBigEndian << 16) | portBigEndian;

    public static IPEndPoint ToEndPoint(ulong source) =>
        new(new IPAddress((uint)(source >> 16)), System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((ushort)source));

    /// <summary>recvmmsg without blocking: the count, 0 once shut down, or -1 and errno (EBADF once disposed).</summary>
    private int Receive(SafeSocketHandle socket, out int errno)
    {
        errno = 0;
        _count = 0;
        _next = 0;
        for (var i = 0; i < Capacity; i++)
        {
            _messages[i].Header.NameLength = SockAddrInSize;
            _messages[i].Length = 0;
        }

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added); // the descriptor cannot be closed (and its number reused) under us
            var n = RecvMMsg(socket.DangerousGetHandle(), _messages, (uint)Capacity, MsgDontWait, null);
            if (n < 0) errno = Marshal.GetLastPInvokeError();
            return n;
        }
        catch (ObjectDisposedException)
        {
            errno = EBadF;
            return -1;
        }
        finally
        {
            if (added) socket.DangerousRelease();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_freed) return;
            _freed = true;
            NativeMemory.Free(_messages);
            NativeMemory.Free(_iov);
            NativeMemory.Free(_names);
            NativeMemory.Free(_slots);
        }
    }
}
