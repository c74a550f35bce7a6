using Fleet.Aggregator.Central;
using Fleet.Bonding.Crypto;
using Fleet.Contracts.Aggregators;
using Google.Protobuf;

namespace Fleet.Bonding.Tests.Aggregator;

public sealed class DevicePeerTableTests : IDisposable
{
    private readonly StaticKeyPair _first = StaticKeyPair.Generate();
    private readonly StaticKeyPair _second = StaticKeyPair.Generate();
    private readonly StaticPeerAuthorizer _authorizer = new();

    [Fact]
    public void Apply_NewDevices_AuthorisedWithTheirPrefixesWhichAreRouted()
    {
        var table = new DevicePeerTable(_authorizer);

        var change = table.Apply(Set(Device("dev-one-0001", _first, "100.64.0.1/32"), Device("dev-two-0002", _second, "100.64.0.2/32")));

        Assert.Equal((2, 0), (change.Added, change.Removed));
        Assert.Equal(["100.64.0.1/32", "100.64.0.2/32"], change.NewPrefixes);
        Assert.True(_authorizer.TryAuthorize(_first.PublicKey, out var grant));
        Assert.Equal("dev-dev-one-", grant.PeerName);
        Assert.Equal("100.64.0.1/32", grant.AllowedSources.Single().ToString());
    }

    [Fact]
    public void Apply_DeviceMissingFromNextSet_NoLongerAuthorised()
    {
        var table = new DevicePeerTable(_authorizer);
        table.Apply(Set(Device("a", _first, "100.64.0.1/32"), Device("b", _second, "100.64.0.2/32")));

        var change = table.Apply(Set(Device("b", _second, "100.64.0.2/32")));

        Assert.Equal((0, 1), (change.Added, change.Removed));
        Assert.Empty(change.NewPrefixes);
        Assert.False(_authorizer.TryAuthorize(_first.PublicKey, out _));
        Assert.True(_authorizer.TryAuthorize(_second.PublicKey, out _));
    }

    [Fact]
    public void Apply_DeviceRekeyed_OldKeyRefusedNewKeyAdmitted()
    {
        var table = new DevicePeerTable(_authorizer);
        table.Apply(Set(Device("a", _first, "100.64.0.1/32")));

        var change = table.Apply(Set(Device("a", _second, "100.64.0.1/32")));

        Assert.Equal(1, change.Added);
        Assert.Empty(change.NewPrefixes);
        Assert.False(_authorizer.TryAuthorize(_first.PublicKey, out _));
        Assert.True(_authorizer.TryAuthorize(_second.PublicKey, out _));
    }

    [Fact]
    public void Apply_BadKeyOrNoAddress_SkippedWithReasonOthersStillAdmitted()
    {
        var table = new DevicePeerTable(_authorizer);
        var badKey = new DeviceKey { DeviceId = "bad-key", TunnelPublicKey = ByteString.CopyFrom(1, 2, 3), AllowedPrefixes = { "100.64.0.9/32" } };

        var change = table.Apply(Set(badKey, Device("no-address", _first), Device("good", _second, "100.64.0.2/32")));

        Assert.Equal(1, change.Added);
        Assert.Equal(2, change.Skipped.Count);
        Assert.Contains(change.Skipped, s => s.StartsWith("bad-key: tunnel key unusable", StringComparison.Ordinal));
        Assert.Contains(change.Skipped, s => s.StartsWith("no-address: no tunnel address", StringComparison.Ordinal));
        Assert.Equal(1, table.Count);
    }

    private static DeviceSet Set(params DeviceKey[] devices) => new() { Devices = { devices }, Revision = 1 };

    private static DeviceKey Device(string id, StaticKeyPair key, params string[] prefixes) =>
        new() { DeviceId = id, TunnelPublicKey = ByteString.CopyFrom(key.PublicKey), AllowedPrefixes = { prefixes } };

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
