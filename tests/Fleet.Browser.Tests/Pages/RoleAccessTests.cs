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
    public async Task LogIn_AsAdmin_SeesOperationsFinanceAndAdminPages()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "finance/sims", fleet.AdminEmail, fleet.AdminPassword);

        await page.Locator("h1", new() { HasText = "SIMs" }).WaitForAsync();
        await HeadlessChromium.ScreenshotAsync(page, "role-admin-sims");
        foreach (var link in OperationsNav.Concat(FinanceNav).Concat(AdminNav))
            Assert.Equal(1, await page.Locator($"[data-testid={link}]").CountAsync());
    }

    [Fact]
    public async Task LogIn_AsNoc_SeesOperationsButNotFinanceOrAdmin()
    {
        var (email, password) = await CreateUserAsync("NOC");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, email, password);

        await page.Locator("[data-testid=fleet-map]").WaitForAsync();
        await page.Locator("[data-testid=nav-map]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=nav-sims]").CountAsync());
        await HeadlessChromium.ScreenshotAsync(page, "role-noc-map");

        foreach (var link in FinanceNav.Concat(AdminNav))
            Assert.Equal(0, await page.Locator($"[data-testid={link}]").CountAsync());

        await page.GotoAsync(fleet.DashboardUrl + "finance/sims", HeadlessChromium.Navigation);
        await AssertDeniedAsync(page);
        await HeadlessChromium.ScreenshotAsync(page, "role-noc-finance-denied");
        foreach (var path in AdminPages)
        {
            await page.GotoAsync(fleet.DashboardUrl + path, HeadlessChromium.Navigation);
            await AssertDeniedAsync(page);
        }
        await HeadlessChromium.ScreenshotAsync(page, "role-noc-admin-denied");
    }

    [Fact]
    public async Task LogIn_AsFinance_SeesOnlyFinancePages()
    {
        var (email, password) = await CreateUserAsync("Finance");
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "finance/sims", email, password);

        await page.Locator("h1", new() { HasText = "SIMs" }).WaitForAsync();
        await page.Locator("[data-testid=nav-sims]").WaitForAsync();
        foreach (var link in OperationsNav.Concat(AdminNav))
            Assert.Equal(0, await page.Locator($"[data-testid={link}]").CountAsync());
        await HeadlessChromium.ScreenshotAsync(page, "role-finance-sims");

        foreach (var path in OperationsPages.Concat(AdminPages))
        {
            await page.GotoAsync(fleet.DashboardUrl + path, HeadlessChromium.Navigation);
            await AssertDeniedAsync(page);
        }
        Assert.Equal(0, await page.Locator("[data-testid=fleet-map]").CountAsync());
    }

    private static readonly string[] OperationsNav = ["nav-map", "nav-vehicles", "nav-coverage", "nav-servers", "nav-alerts"];
    private static readonly string[] FinanceNav = ["nav-sims"];
    private static readonly string[] AdminNav = ["nav-enrollment", "nav-users", "nav-api-keys"];
    private static readonly string[] OperationsPages = ["", "vehicles", "coverage", "servers", "alerts"];
    private static readonly string[] AdminPages = ["admin/enrollment-tokens", "admin/users", "admin/api-keys"];

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
