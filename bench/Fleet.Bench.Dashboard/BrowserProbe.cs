using Microsoft.Playwright;

namespace Fleet.Bench.Dashboard;

/// <summary>What the browser saw: time to a full map, and the main thread's long tasks (PerformanceObserver
/// 'longtask') and timer lateness while positions kept arriving.</summary>
internal sealed record ProbeResult(
    double MapReadyMs, double LoadLongestTaskMs, long UpdatesReceived, double LongestTaskMs, int TasksOver200Ms, int TasksOver50Ms,
    double InputDelayP95Ms);

internal static class BrowserProbe
{
    // Installed before any page script: long tasks since navigation start, and how late a 100 ms timer fires
    // (what a click would wait for the main thread).
    private const string Instrumentation = """
        window.__longTasks = [];
        new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
        window.__lateness = [];
        let expected = performance.now() + 100;
        setInterval(() => {
            const now = performance.now();
            window.__lateness.push({ at: now, late: Math.max(0, now - expected) });
            expected = now + 100;
        }, 100);
        """;

    // Ready: the map module says it has drawn every vehicle of the latest update (data-drawn; clustering adds
    // markers in chunks) and markers or clusters are on screen.
    private const string MapReady = """
        n => {
            const map = document.querySelector('[data-testid=fleet-map]');
            return map && map.dataset.drawn === String(n) && map.querySelector('.leaflet-marker-icon')
                ? performance.now() : false;
        }
        """;

    public static async Task<ProbeResult> MeasureAsync(string url, string email, string password, BenchOptions options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        // The page's own errors and warnings go to our stderr: a map that never gets ready says why.
        page.Console += (_, m) => { if (m.Type is "error" or "warning") Console.Error.WriteLine($"[browser] {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => Console.Error.WriteLine($"[browser] page error: {e}");

        // Log in once (not measured): the cookie carries over to the measured navigation.
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 120_000 });
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url, new() { Timeout = 120_000, WaitUntil = WaitUntilState.DOMContentLoaded });

        await page.AddInitScriptAsync(Instrumentation);
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        // Polled every animation frame (Playwright's default for WaitForFunction).
        var ready = await page.WaitForFunctionAsync(MapReady, options.Vehicles, new() { Timeout = 120_000 });
        var readyMs = await ready.JsonValueAsync<double>();
        var revisionAtReady = await RevisionAsync(page);

        Console.Error.WriteLine($"[dashboard] map ready after {readyMs:0} ms; observing {options.ObserveSeconds} s of updates");
        await page.WaitForTimeoutAsync(options.ObserveSeconds * 1000);
        var revisionAtEnd = await RevisionAsync(page);

        var tasks = (await page.EvaluateAsync<double[][]>("() => window.__longTasks.map(t => [t.start, t.duration])"))
            .Select(t => new LongTask(t[0], t[1])).ToList();
        var lateness = (await page.EvaluateAsync<double[][]>("() => window.__lateness.map(l => [l.at, l.late])"))
            .Select(l => new Lateness(l[0], l[1])).ToList();
        var updates = await page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('measure').filter(m => m.name.startsWith('fleet-map')).map(m => m.name.slice(10) + '=' + m.duration.toFixed(0))");
        // Taken after the measurements were read: capturing the page is itself a long task.
        if (options.Screenshot is { } shot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
            Console.Error.WriteLine($"[dashboard] screenshot: {shot}");
        }
        var afterReady = tasks.Where(t => t.Start >= readyMs).ToList();
        Console.Error.WriteLine($"[dashboard] map module update (ms): {string.Join(' ', updates)}");
        Console.Error.WriteLine($"[dashboard] long tasks after ready (ms): {string.Join(' ', afterReady.Select(t => t.Duration.ToString("0")))}");
        var delays = lateness.Where(l => l.At >= readyMs).Select(l => l.Late).Order().ToList();
        return new ProbeResult(
            readyMs,
            tasks.Where(t => t.Start < readyMs).Select(t => t.Duration).DefaultIfEmpty(0).Max(),
            revisionAtEnd - revisionAtReady,
            afterReady.Select(t => t.Duration).DefaultIfEmpty(0).Max(),
            afterReady.Count(t => t.Duration > 200),
            afterReady.Count(t => t.Duration > 50),
            delays.Count == 0 ? 0 : delays[(int)Math.Min(delays.Count - 1, Math.Ceiling(delays.Count * 0.95) - 1)]);
    }

    private static async Task<long> RevisionAsync(IPage page) =>
        long.Parse(await page.Locator("[data-testid=fleet-map]").GetAttributeAsync("data-revision") ?? "0");

    private sealed record LongTask(double Start, double Duration);

    private sealed record Lateness(double At, double Late);
}
