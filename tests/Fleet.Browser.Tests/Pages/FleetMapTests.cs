using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

[Collection(FleetCollection.Name)]
public sealed class FleetMapTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task FleetMap_WithEnrolledSimulatedVehicles_ShowsAMarkerPerVehicle()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, fleet.AdminEmail, fleet.AdminPassword);

        var markers = page.Locator(".fleet-vehicle-marker");
        await WaitForCountAsync(markers, FleetRunFixture.VehicleCount, TimeSpan.FromSeconds(30));
        await HeadlessChromium.ScreenshotAsync(page, "fleet-map");

        Assert.Equal(FleetRunFixture.VehicleCount, await markers.CountAsync());
        Assert.Equal(FleetRunFixture.VehicleCount.ToString(),
            await page.Locator("[data-vehicle-count]").GetAttributeAsync("data-vehicle-count"));
    }

    [Fact]
    public async Task FleetMap_WhileVehiclesDrive_MovesMarkersWithoutReload()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, fleet.AdminEmail, fleet.AdminPassword);
        var markers = page.Locator(".fleet-vehicle-marker");
        await WaitForCountAsync(markers, FleetRunFixture.VehicleCount, TimeSpan.FromSeconds(30));

        var before = await MarkerPositionsAsync(page);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && (await MarkerPositionsAsync(page)).SequenceEqual(before))
        {
            await Task.Delay(500);
        }

        Assert.NotEqual(before, await MarkerPositionsAsync(page));
    }

    private static async Task<string[]> MarkerPositionsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.fleet-vehicle-marker')].map(m => m.getAttribute('data-lat') + ',' + m.getAttribute('data-lng')).sort()");

    private static async Task WaitForCountAsync(ILocator locator, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && await locator.CountAsync() < expected)
        {
            await Task.Delay(250);
        }
    }
}
