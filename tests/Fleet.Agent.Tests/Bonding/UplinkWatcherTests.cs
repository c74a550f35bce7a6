using System.Net;
using Fleet.Agent.Bonding;

namespace Fleet.Agent.Tests.Bonding;

/// <summary>Uplink lookup against the kernel's real interface list (loopback is always there and up).</summary>
public sealed class UplinkWatcherTests
{
    [Fact]
    public void TryResolve_PresentAddress_BindsThatAddressWithoutDevice()
    {
        Assert.True(UplinkWatcher.TryResolve("127.0.0.1", out var binding));
        Assert.Equal(new UplinkWatcher.UplinkBinding(IPAddress.Loopback, null), binding);
    }

    [Fact]
    public void TryResolve_InterfaceName_BindsItsIpv4AddressAndDevice()
    {
        Assert.True(UplinkWatcher.TryResolve("lo", out var binding));
        Assert.Equal(new UplinkWatcher.UplinkBinding(IPAddress.Loopback, "lo"), binding);
    }

    [Theory]
    [InlineData("10.255.255.254")] // no interface has it
    [InlineData("no-such-if0")]
    [InlineData("::1")] // uplinks are IPv4
    public void TryResolve_Absent_ReturnsFalse(string uplink)
    {
        Assert.False(UplinkWatcher.TryResolve(uplink, out var binding));
        Assert.Equal(default, binding);
    }

    [Fact]
    public void TryResolve_SameUplinkTwice_GivesEqualBindings()
    {
        // The agent compares bindings every second to decide whether a link must be reopened.
        Assert.True(UplinkWatcher.TryResolve("lo", out var first));
        Assert.True(UplinkWatcher.TryResolve("lo", out var second));
        Assert.Equal(first, second);
    }
}
