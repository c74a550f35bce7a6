using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Fleet.Agent.Bonding;

/// <summary>
/// Answers "is this uplink usable right now, and with which source address/device?" for an uplink given
/// as a source address or an interface name, from the kernel's current interface list.
/// </summary>
public static class UplinkWatcher
{
    public readonly record struct UplinkBinding(IPAddress Address, string? Device);

    public static bool TryResolve(string uplink, IReadOnlyList<NetworkInterface> interfaces, out UplinkBinding binding)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        binding = default;
        var isAddress = IPAddress.TryParse(uplink, out var wanted);
        foreach (var nic in interfaces)
        {
            if (nic.OperationalStatus == OperationalStatus.Down) continue;
            if (!isAddress && nic.Name != uplink) continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily != AddressFamily.InterNetwork) continue;
                if (isAddress && !unicast.Address.Equals(wanted)) continue;
                binding = new UplinkBinding(unicast.Address, isAddress ? null : nic.Name);
                return true;
            }
        }
        return false;
    }
}
