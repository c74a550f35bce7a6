using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

/// <summary>A finance user sees the SIM table with its forecast, acknowledges the run-out alert central raised for
/// the SIM that has no money left, and exports the table as CSV.</summary>
[Collection(FleetCollection.Name)]
public sealed class FinanceSimsTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task FinanceSims_RunOutAlert_AcknowledgedByFinanceUser()
    {
        var (email, password) = await fleet.CreateUserAsync("Finance");
        // The alert evaluator runs on its own schedule: the alert exists before the page is asked for it.
        await Waiting.UntilAsync(async () => await OpenAlertsAsync() > 0, TimeSpan.FromSeconds(60), () => "no run-out alert opened\n" + fleet.Logs);

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "finance/sims", email, password);

        var row = page.Locator($"[data-testid=sim-row][data-iccid='{fleet.EmptySimIccid}']");
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (await row.Locator("[data-testid=earliest-run-out]").InnerTextAsync()).Trim());
        Assert.Contains("GB", await row.Locator("[data-testid=remaining]").InnerTextAsync());

        var alert = page.Locator("[data-testid=finance-alert][data-status=open]").Filter(new() { HasText = fleet.EmptySimIccid });
        await alert.WaitForAsync(new() { Timeout = 30_000 });
        await HeadlessChromium.ScreenshotAsync(page, "finance-sims");
        var alertId = await alert.GetAttributeAsync("data-alert-id");
        await alert.Locator("[data-testid=acknowledge]").ClickAsync();

        var acknowledged = page.Locator($"[data-testid=finance-alert][data-alert-id='{alertId}'][data-status=acknowledged]");
        await Waiting.UntilAsync(page, "finance", async () => await acknowledged.CountAsync() == 1, TimeSpan.FromSeconds(30),
            () => $"alert not shown acknowledged\n{fleet.CentralFailures}");
        Assert.Contains(email, await acknowledged.InnerTextAsync());
        Assert.Equal(email, await fleet.ScalarAsync<string>("SELECT acknowledged_by FROM alerts WHERE id = $1", Guid.Parse(alertId!)));
        await HeadlessChromium.ScreenshotAsync(page, "finance-alert-acknowledged");

        // The CSV export carries the same rows, with the logged-in user's cookie.
        var csv = await page.APIRequest.GetAsync(fleet.DashboardUrl + "finance/sims.csv");
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("iccid,vehicle,carrier,plan,billing", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(fleet.EmptySimIccid + ",", StringComparison.Ordinal) && l.EndsWith(",true", StringComparison.Ordinal));
        Assert.Equal(await fleet.ScalarAsync<long>("SELECT count(*) FROM sims") + 1, lines.Length);
    }

    private Task<long> OpenAlertsAsync() =>
        fleet.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE kind = 'sim_runout' AND status = 0");
}
