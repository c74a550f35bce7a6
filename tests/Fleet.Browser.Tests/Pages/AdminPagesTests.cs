using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

/// <summary>An administrator issues an enrollment token, creates a customer's API key and a staff user through
/// the dashboard. Secrets are shown once: what the page showed is checked against what central stored (only
/// hashes) and against the real API, and a reload no longer shows it.</summary>
[Collection(FleetCollection.Name)]
public sealed class AdminPagesTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task EnrollmentTokens_Create_ShowsTokenOnceListsItOpenAndRevokes()
    {
        var vehicle = $"browser-bus-{Guid.NewGuid().ToString("N")[..6]}";
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "admin/enrollment-tokens", fleet.AdminEmail, fleet.AdminPassword);

        await WhenInteractiveAsync(page, "[data-testid=create-token]");
        await page.Locator("[data-testid=token-vehicle]").FillAsync(vehicle);
        await page.Locator("[data-testid=create-token]").ClickAsync();

        var shown = page.Locator("[data-testid=issued-token]");
        await shown.WaitForAsync(new() { Timeout = 30_000 });
        var token = await shown.InputValueAsync();
        Assert.StartsWith("fet_", token);
        // Central keeps only the hash of what the page showed.
        Assert.Equal(1, await fleet.ScalarAsync<long>("SELECT count(*) FROM enrollment_tokens WHERE token_hash = $1",
            SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var row = page.Locator($"[data-testid=token-row][data-vehicle='{vehicle}']");
        await row.WaitForAsync();
        Assert.Equal("open", await row.GetAttributeAsync("data-status"));
        await HeadlessChromium.ScreenshotAsync(page, "enrollment-token-created");

        await row.Locator("[data-testid=revoke-token]").ClickAsync();
        await Waiting.UntilAsync(page, "enrollment-revoke", async () => await row.GetAttributeAsync("data-status") == "revoked",
            TimeSpan.FromSeconds(30), () => $"token not shown revoked\n{fleet.CentralFailures}");
        Assert.Equal(0, await fleet.ScalarAsync<long>(
            "SELECT count(*) FROM enrollment_tokens WHERE token_hash = $1 AND expires_at > now()", SHA256.HashData(Encoding.UTF8.GetBytes(token))));
    }

    [Fact]
    public async Task ApiKeys_Create_KeyWorksAndIsShownOnlyOnce()
    {
        var customer = $"Browser Rail {Guid.NewGuid().ToString("N")[..6]}";
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "admin/api-keys", fleet.AdminEmail, fleet.AdminPassword);

        await WhenInteractiveAsync(page, "[data-testid=create-tenant]");
        await page.Locator("[data-testid=tenant-name]").FillAsync(customer);
        await page.Locator("[data-testid=create-tenant]").ClickAsync();
        // The new customer is selected (and kept in the address).
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"admin/api-keys\?tenant="), new() { Timeout = 30_000 });
        await WhenInteractiveAsync(page, "[data-testid=create-api-key]");
        await page.Locator("[data-testid=api-key-name]").FillAsync("ERP integration");
        await page.Locator("[data-testid=create-api-key]").ClickAsync();

        var secret = page.Locator("[data-testid=api-key-secret]");
        await secret.WaitForAsync(new() { Timeout = 30_000 });
        var key = await secret.InputValueAsync();
        Assert.StartsWith("fk_", key);
        var row = page.Locator("[data-testid=api-key-row][data-status=active]");
        await row.First.WaitForAsync();
        Assert.Equal(key.Split('_')[1], await row.First.GetAttributeAsync("data-prefix"));
        await HeadlessChromium.ScreenshotAsync(page, "api-key-created");

        // The key shown is a working key with the default scopes (vehicles:read).
        using (var http = new HttpClient { BaseAddress = new Uri(fleet.DashboardUrl) })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.GetAsync("api/v1/vehicles");
            Assert.Equal(200, (int)response.StatusCode);
        }

        // Shown once: after a reload the key is listed (by prefix) but the secret is nowhere on the page.
        await page.ReloadAsync(HeadlessChromium.ReloadNavigation);
        await row.First.WaitForAsync(new() { Timeout = 30_000 });
        await WhenInteractiveAsync(page, "[data-testid=create-api-key]");
        Assert.Equal(0, await secret.CountAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());
        Assert.DoesNotContain(key.Split('_')[2], await page.ContentAsync());
        await HeadlessChromium.ScreenshotAsync(page, "api-keys-after-reload");
    }

    [Fact]
    public async Task Users_Create_NewUserLogsInWithTheirRole()
    {
        var email = $"finance-{Guid.NewGuid():N}@fleet.test";
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "admin/users", fleet.AdminEmail, fleet.AdminPassword);

        await WhenInteractiveAsync(page, "[data-testid=create-user]");
        await page.Locator("[data-testid=user-email]").FillAsync(email);
        await page.Locator("[data-testid=user-name]").FillAsync("Fiona Finance");
        await page.Locator("[data-testid=user-role]").SelectOptionAsync("Finance");
        await page.Locator("[data-testid=generate-password]").ClickAsync();
        var passwordInput = page.Locator("[data-testid=user-password]");
        await Waiting.UntilAsync(page, "users-generate", async () => (await passwordInput.InputValueAsync()).Length >= 12,
            TimeSpan.FromSeconds(30), () => "no password generated");
        var password = await passwordInput.InputValueAsync();
        await page.Locator("[data-testid=create-user]").ClickAsync();

        var row = page.Locator($"[data-testid=user-row][data-email='{email}']");
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal("Finance", await row.GetAttributeAsync("data-role"));
        Assert.Equal("false", await row.GetAttributeAsync("data-disabled"));
        Assert.Equal("Finance", await fleet.ScalarAsync<string>("SELECT role FROM users WHERE email = $1", email));
        await HeadlessChromium.ScreenshotAsync(page, "users-created");

        // The new user logs in with the password the page generated and lands on a finance page.
        var theirs = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(theirs, fleet.DashboardUrl + "finance/sims", email, password);
        await theirs.Locator("[data-testid=nav-sims]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(0, await theirs.Locator("[data-testid=nav-users]").CountAsync());
    }

    /// <summary>Waits until the circuit is up: the page's buttons are disabled until then.</summary>
    private static Task WhenInteractiveAsync(IPage page, string selector) =>
        Waiting.UntilAsync(page, "interactive", async () => await page.Locator(selector).IsEnabledAsync(), TimeSpan.FromSeconds(30),
            () => $"{selector} never enabled");
}
