using Fleet.Central.Dashboard;

namespace Fleet.Central.Tests.Dashboard;

public sealed class VehicleStatusRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(10, 3, 3, VehicleStatus.Bonded)]
    [InlineData(10, 2, 4, VehicleStatus.Bonded)]
    [InlineData(10, 1, 4, VehicleStatus.Degraded)]
    [InlineData(10, 0, 0, VehicleStatus.Degraded)]
    [InlineData(121, 4, 4, VehicleStatus.Offline)]
    [InlineData(3600, 0, 4, VehicleStatus.Offline)]
    public void Classify_ByPositionAgeAndLinksUp_GivesStatus(int ageSeconds, int up, int total, VehicleStatus expected)
    {
        var status = VehicleStatusRules.Classify(Now, Now.AddSeconds(-ageSeconds), new LinkCounts(up, total), OfflineAfter, minLinksUp: 2);

        Assert.Equal(expected, status);
    }

    [Fact]
    public void Classify_RecentPositionWithoutLinkSamples_IsDegraded()
    {
        Assert.Equal(VehicleStatus.Degraded, VehicleStatusRules.Classify(Now, Now.AddSeconds(-5), null, OfflineAfter, 2));
    }

    [Fact]
    public void Classify_ExactlyAtOfflineThreshold_IsStillReporting()
    {
        Assert.Equal(VehicleStatus.Bonded, VehicleStatusRules.Classify(Now, Now - OfflineAfter, new LinkCounts(2, 2), OfflineAfter, 2));
    }
}
