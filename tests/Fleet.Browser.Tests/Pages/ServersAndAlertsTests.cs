using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

/// <summary>A NOC user watches the aggregation servers and the alerts: a server that went silent shows as down
/// with its failover in the history, and its alert is acknowledged from the alerts page.</summary>
[Collection(FleetCollection.Name)]
public sealed class ServersAndAlertsTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task ServersPage_SilentServer_ShownDownWithFailoverHistory()
    {
        var (serverId, name) = await SilentAggregator.AddAsync(fleet, "agg-servers");
        await SilentAggregator.WaitForDownAlertAsync(fleet, serverId);
        var (email, password) = await fleet.CreateUserAsync("NOC");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "servers", email, password);

        var row = page.Locator($"[data-testid=server-row][data-server='{name}']");
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("down", await row.InnerTextAsync());
        Assert.Equal("0", (await row.Locator("[data-testid=server-vehicles]").InnerTextAsync()).Trim());
        var history = page.Locator("[data-testid=failover-history] tbody tr").Filter(new() { HasText = name });
        await history.First.WaitForAsync(new() { Timeout = 30_000 });
        await HeadlessChromium.ScreenshotAsync(page, "servers");
    }

    [Fact]
    public async Task AlertsPage_Acknowledge_ShowsAcknowledgedByTheUser()
    {
        var (serverId, name) = await SilentAggregator.AddAsync(fleet, "agg-alerts");
        var alertId = await SilentAggregator.WaitForDownAlertAsync(fleet, serverId);
        var (email, password) = await fleet.CreateUserAsync("NOC");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "alerts", email, password);

        var row = page.Locator($"[data-testid=alert-row][data-alert-id='{alertId}']");
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal("open", await row.GetAttributeAsync("data-status"));
        Assert.Contains(name, await row.InnerTextAsync());
        await HeadlessChromium.ScreenshotAsync(page, "alerts");

        // The button is enabled once the circuit is up (a click on the prerendered page would be lost).
        var acknowledge = row.Locator("[data-testid=acknowledge]");
        await Waiting.UntilAsync(page, "alerts-ack-enabled", () => acknowledge.IsEnabledAsync(), TimeSpan.FromSeconds(30), () => "acknowledge never enabled");
        await acknowledge.ClickAsync();

        var acknowledged = page.Locator($"[data-testid=alert-row][data-alert-id='{alertId}'][data-status=acknowledged]");
        await Waiting.UntilAsync(page, "alerts-ack", async () => await acknowledged.CountAsync() == 1, TimeSpan.FromSeconds(30),
            () => $"alert not shown acknowledged\n{fleet.CentralFailures}");
        Assert.Contains(email, await acknowledged.InnerTextAsync());
        Assert.Equal(email, await fleet.ScalarAsync<string>("SELECT acknowledged_by FROM alerts WHERE id = $1", alertId));
        await HeadlessChromium.ScreenshotAsync(page, "alerts-acknowledged");
    }
}
