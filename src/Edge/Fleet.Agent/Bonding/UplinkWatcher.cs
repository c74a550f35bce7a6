using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Fleet.Agent.Bonding;

/// <summary>
/// Answers "is this uplink usable right now, and with which source address/device?" for an uplink given
/// as a source address or an interface name, from the kernel's current IPv4 interface addresses.
/// Asked every second per uplink, so it walks getifaddrs(3)'s list in native memory instead of building
/// <see cref="System.Net.NetworkInformation.NetworkInterface"/> objects: those cost ~100 KB of garbage per
/// scan, the agent's largest steady allocation while the tunnel carries traffic.
/// </summary>
public static unsafe partial class UplinkWatcher
{
    private const ushort AfInet = 2;

    public readonly record struct UplinkBinding(IPAddress Address, string? Device);

    /// <summary>The first IPv4 address that matches (the address itself, or any address of the named interface)
    /// on an interface that is not operationally down. False when there is none, or the list cannot be read.</summary>
    public static bool TryResolve(string uplink, out UplinkBinding binding)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        binding = default;
        var isAddress = IPAddress.TryParse(uplink, out var wanted);
        if (isAddress && wanted!.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return false;
        var wantedBits = isAddress ? AddressBits(wanted!) : 0u;
        if (GetIfAddrs(out var list) != 0) return false;
        try
        {
            for (var entry = list; entry != null; entry = entry->Next)
            {
                if (entry->Address == null || entry->Address->Family != AfInet) continue;
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry->Name);
                var bits = entry->Address->AddressBits;
                if (isAddress ? bits != wantedBits : !Ascii.Equals(name, uplink)) continue;
                if (IsDown(name)) continue;
                binding = isAddress ? new UplinkBinding(wanted!, null) : new UplinkBinding(new IPAddress(bits), uplink);
                return true;
            }

            return false;
        }
        finally
        {
            FreeIfAddrs(list);
        }
    }

    /// <summary>The kernel's operational state, as <see cref="System.Net.NetworkInformation.OperationalStatus.Down"/>
    /// reads it (only a candidate interface is asked). Read into a stack buffer: File.ReadAllText would allocate
    /// ~10 KB of buffers per call for a sysfs file.</summary>
    private static bool IsDown(ReadOnlySpan<byte> name)
    {
        Span<byte> state = stackalloc byte[16];
        try
        {
            using var file = File.OpenHandle($"/sys/class/net/{Encoding.UTF8.GetString(name)}/operstate");
            var length = RandomAccess.Read(file, state, 0);
            return state[..length].TrimEnd("\n"u8).SequenceEqual("down"u8);
        }
        catch (IOException)
        {
            return false; // unknown: as before, only an interface reported down is skipped
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static uint AddressBits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return MemoryMarshal.Read<uint>(bytes);
    }

    /// <summary>struct ifaddrs (LP64 Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public SockAddrIn* Address;
        public void* Netmask;
        public void* BroadcastOrDestination;
        public void* Data;
    }

    /// <summary>struct sockaddr_in: family, port, then the address in network byte order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint AddressBits;
    }

    [LibraryImport("libc", EntryPoint = "getifaddrs", SetLastError = true)]
    private static partial int GetIfAddrs(out IfAddrs* list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    private static partial void FreeIfAddrs(IfAddrs* list);
}
