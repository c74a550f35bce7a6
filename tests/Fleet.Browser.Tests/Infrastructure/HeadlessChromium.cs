using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>Headless Debian Chromium driven by Playwright (no browser download: the machine's /usr/bin/chromium).</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FLEET_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no internet: keep Chromium from dialling out at start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add(m.Type + ": " + m.Text); };
        page.PageError += (_, e) => { lock (console) console.Add("error: " + e); };
        Consoles.AddOrUpdate(page, console);
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Consoles = new();

    /// <summary>What the page logged to the browser console so far (for failure messages).</summary>
    public static string ConsoleOf(IPage page)
    {
        if (!Consoles.TryGetValue(page, out var console))
            return "";
        lock (console)
            return "browser console:\n" + string.Join('\n', console.TakeLast(40));
    }

    /// <summary>Signs in through the real login form, as a person would, and lands on <paramref name="url"/>.</summary>
    public static async Task LogInAsync(IPage page, string url, string email, string password)
    {
        await page.GotoAsync(url, Navigation);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url, new() { Timeout = 60_000, WaitUntil = WaitUntilState.DOMContentLoaded });
    }

    // Pages are server-rendered; the circuit's first push draws live content. Machines under load can be slow.
    public static readonly PageGotoOptions Navigation = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 };

    public static readonly PageReloadOptions ReloadNavigation = new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 };

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(RepoPaths.ArtifactsDir, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
