using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

/// <summary>Each staff role logs in through the real form and sees its own pages, not the others'. The NOC and
/// Finance users are created through the admin REST API, as an administrator would.</summary>
[Collection(FleetCollection.Name)]
public sealed class RoleAccessTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task LogIn_AsAdmin_SeesOperationsAndFinancePages()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "finance/sims", fleet.AdminEmail, fleet.AdminPassword);

        await page.Locator("h1", new() { HasText = "SIMs" }).WaitForAsync();
        await HeadlessChromium.ScreenshotAsync(page, "role-admin-sims");
        Assert.Equal(1, await page.Locator("[data-testid=nav-map]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=nav-sims]").CountAsync());
    }

    [Fact]
    public async Task LogIn_AsNoc_SeesMapButNotFinance()
    {
        var (email, password) = await CreateUserAsync("NOC");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, email, password);

        await page.Locator("[data-testid=fleet-map]").WaitForAsync();
        await page.Locator("[data-testid=nav-map]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=nav-sims]").CountAsync());
        await HeadlessChromium.ScreenshotAsync(page, "role-noc-map");

        await page.GotoAsync(fleet.DashboardUrl + "finance/sims", HeadlessChromium.Navigation);
        await AssertDeniedAsync(page);
        await HeadlessChromium.ScreenshotAsync(page, "role-noc-finance-denied");
    }

    [Fact]
    public async Task LogIn_AsFinance_SeesSimsButNotMap()
    {
        var (email, password) = await CreateUserAsync("Finance");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "finance/sims", email, password);

        await page.Locator("h1", new() { HasText = "SIMs" }).WaitForAsync();
        await page.Locator("[data-testid=nav-sims]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=nav-map]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=nav-vehicles]").CountAsync());
        await HeadlessChromium.ScreenshotAsync(page, "role-finance-sims");

        foreach (var path in new[] { "", "vehicles" })
        {
            await page.GotoAsync(fleet.DashboardUrl + path, HeadlessChromium.Navigation);
            await AssertDeniedAsync(page);
        }
        Assert.Equal(0, await page.Locator("[data-testid=fleet-map]").CountAsync());
    }

    private static async Task AssertDeniedAsync(IPage page)
    {
        var denied = page.Locator("[data-testid=access-denied], [data-testid=not-authorized]");
        await denied.First.WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await denied.CountAsync() > 0);
    }

    private async Task<(string Email, string Password)> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@fleet.test";
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using var http = new HttpClient { BaseAddress = new Uri(fleet.DashboardUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.AdminKey);
        var response = await http.PostAsJsonAsync("api/admin/users", new { email, password, role, displayName = role + " tester" });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/admin/users ({role}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (email, password);
    }
}
