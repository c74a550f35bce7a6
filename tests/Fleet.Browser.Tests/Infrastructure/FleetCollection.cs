namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>Every dashboard test shares one running fleet: starting central and the simulated vehicles is most of
/// a browser test's cost, and the tests only read what the fleet produces (or change what only they look at).</summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection : ICollectionFixture<FleetRunFixture>
{
    public const string Name = "fleet";
}
