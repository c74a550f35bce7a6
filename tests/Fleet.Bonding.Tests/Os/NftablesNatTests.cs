using Fleet.Aggregator.Nat;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Bonding.Tests.Os;

/// <summary>The aggregator's NAT table against real nftables, inside a throwaway namespace.</summary>
public sealed class NftablesNatTests : IDisposable
{
    private readonly NetNamespace _ns = NetNamespace.Create("flnat");

    [RootFact]
    public void Setup_Twice_LeavesOneMasqueradeRuleAndEnablesForwarding()
    {
        var nat = new NftablesNat(NullLogger<NftablesNat>.Instance);
        Assert.True(_ns.Run(() => nat.Setup("inet0", ["10.10.0.0/24", "10.254.0.2/32"])));
        Assert.True(_ns.Run(() => nat.Setup("inet0", ["10.10.0.0/24", "10.254.0.2/32"])));

        var table = _ns.Exec($"nft list table ip {NftablesNat.Table}");
        Assert.Single(table.Split('\n'), l => l.Contains("masquerade", StringComparison.Ordinal));
        Assert.Contains("oifname \"inet0\"", table);
        Assert.Contains("10.10.0.0/24", table);
        Assert.Contains("= 1", _ns.Exec("sysctl net.ipv4.ip_forward"));
    }

    [RootFact]
    public void Cleanup_RemovesTable_AndIsSafeToRepeat()
    {
        var nat = new NftablesNat(NullLogger<NftablesNat>.Instance);
        _ns.Run(() => nat.Setup("inet0", ["10.10.0.0/24"]));
        _ns.Run(() => { nat.Cleanup(); nat.Cleanup(); return 0; });
        Assert.DoesNotContain(NftablesNat.Table, _ns.Exec("nft list tables"));
    }

    [Fact]
    public void Ruleset_BadInterfaceName_Rejected()
    {
        Assert.Throws<ArgumentException>(() => NftablesNat.Ruleset("eth0\"; drop", ["10.0.0.0/8"]));
    }

    public void Dispose() => _ns.Dispose();
}
