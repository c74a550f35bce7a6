using System.Runtime.InteropServices;

namespace Fleet.Bonding.Tests.Os;

/// <summary>A fact that needs root (network namespaces, TUN, veth); skipped, not failed, for other users.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux network namespaces";
        else if (GetEuid() != 0) Skip = "needs root (network namespaces, /dev/net/tun)";
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
