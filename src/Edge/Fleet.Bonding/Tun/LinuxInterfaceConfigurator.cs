using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using static Fleet.Bonding.Tun.LinuxTunNative;

namespace Fleet.Bonding.Tun;

/// <summary>
/// Sets MTU, queue length, IPv4 address/netmask and IFF_UP with the classic SIOCSIF* ioctls on a throwaway
/// AF_INET socket: no netlink code, no dependency on the `ip` binary. Applies to the network namespace of
/// the calling thread.
/// </summary>
internal static unsafe class LinuxInterfaceConfigurator
{
    public static void Configure(string name, LinuxTunOptions options)
    {
        var sock = LinuxTunNative.Socket(AfInet, SockDgram | SockCloExec, 0);
        if (sock < 0) throw Failure("socket(AF_INET)", name);
        try
        {
            var ifr = stackalloc byte[IfReqSize];
            Prepare(ifr, name);
            *(int*)(ifr + IfNameSize) = options.Mtu;
            if (Ioctl(sock, SiocSIfMtu, ifr) < 0) throw Failure("SIOCSIFMTU", name);

            Prepare(ifr, name);
            *(int*)(ifr + IfNameSize) = options.TxQueueLength;
            Ioctl(sock, SiocSIfTxQLen, ifr); // best effort: only a tuning knob

            if (options.Address is { } address)
            {
                Prepare(ifr, name);
                WriteSockAddrIn(ifr + IfNameSize, address);
                if (Ioctl(sock, SiocSIfAddr, ifr) < 0) throw Failure("SIOCSIFADDR", name);
                Prepare(ifr, name);
                WriteSockAddrIn(ifr + IfNameSize, PrefixToMask(options.PrefixLength));
                if (Ioctl(sock, SiocSIfNetmask, ifr) < 0) throw Failure("SIOCSIFNETMASK", name);
            }

            Prepare(ifr, name);
            if (Ioctl(sock, SiocGIfFlags, ifr) < 0) throw Failure("SIOCGIFFLAGS", name);
            *(short*)(ifr + IfNameSize) |= IffUp | IffRunning;
            if (Ioctl(sock, SiocSIfFlags, ifr) < 0) throw Failure("SIOCSIFFLAGS", name);
        }
        finally
        {
            Close(sock);
        }
    }

    internal static IPAddress PrefixToMask(int prefixLength)
    {
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return new IPAddress(IPAddress.HostToNetworkOrder((int)mask) & 0xFFFFFFFFL);
    }

    private static void Prepare(byte* ifr, string name)
    {
        new Span<byte>(ifr, IfReqSize).Clear();
        Encoding.UTF8.GetBytes(name, new Span<byte>(ifr, IfNameSize - 1));
    }

    private static void WriteSockAddrIn(byte* at, IPAddress address)
    {
        *(ushort*)at = AfInet;
        address.TryWriteBytes(new Span<byte>(at + 4, 4), out _);
    }

    private static TunDeviceException Failure(string step, string name)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new TunDeviceException($"{step} on {name} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
