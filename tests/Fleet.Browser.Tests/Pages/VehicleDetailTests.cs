using System.Text.RegularExpressions;
using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

[Collection(FleetCollection.Name)]
public sealed partial class VehicleDetailTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task FleetMap_PopupLink_OpensVehiclePageWithTrackAndCharts()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add(m.Type + ": " + m.Text); };
        page.PageError += (_, e) => { lock (console) console.Add("error: " + e); };
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, fleet.AdminEmail, fleet.AdminPassword);
        var marker = page.Locator(".fleet-vehicle-marker").First;
        await marker.WaitForAsync(new() { Timeout = 30_000 });

        await marker.ClickAsync(new() { Force = true });
        var link = page.Locator("[data-testid=popup-vehicle-link]");
        await link.WaitForAsync();
        await HeadlessChromium.ScreenshotAsync(page, "fleet-map-popup");
        await link.ClickAsync();
        await page.WaitForURLAsync(VehicleUrl(), new() { Timeout = 30_000 });

        // Five charts (throughput, RTT, loss, signal, weight), each a uPlot canvas over the link samples.
        var canvases = page.Locator(".fleet-chart canvas");
        await WaitUntilAsync(async () => await canvases.CountAsync() >= 5, TimeSpan.FromSeconds(30));
        if (await canvases.CountAsync() != 5)
        {
            await HeadlessChromium.ScreenshotAsync(page, "vehicle-detail-failed");
            Assert.Fail($"expected 5 chart canvases, found {await canvases.CountAsync()}.\nbrowser console:\n{string.Join('\n', console)}\n{Failures(fleet.Logs)}");
        }
        var points = int.Parse(await page.Locator("[data-testid=vehicle-charts]").GetAttributeAsync("data-chart-points") ?? "0");
        Assert.True(points > 0, "no link samples charted");
        Assert.True(int.Parse(await page.Locator("[data-testid=vehicle-map]").GetAttributeAsync("data-track-points") ?? "0") > 1);
        Assert.True(await page.Locator(".fleet-chart").First.EvaluateAsync<int>("e => e.querySelectorAll('.u-series').length") > 1,
            "a chart without carrier series");
        Assert.True(await page.Locator("[data-testid=current-links] tbody tr").CountAsync() > 0);

        // Hovering a chart moves the marker on the track to that moment.
        var chart = page.Locator(".fleet-chart .u-over").First;
        var box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height / 2);
        await WaitUntilAsync(async () => await page.Locator("[data-testid=vehicle-map]").GetAttributeAsync("data-cursor-time") is not null,
            TimeSpan.FromSeconds(5));
        var hovered = await page.Locator("[data-testid=vehicle-map]").GetAttributeAsync("data-cursor-time");
        Assert.NotNull(hovered);
        await HeadlessChromium.ScreenshotAsync(page, "vehicle-detail");

        // And the reverse: hovering the track moves every chart's cursor to the moment the vehicle was there.
        var onTrack = await page.EvaluateAsync<float[]>(TrackMidpointScript);
        await page.Mouse.MoveAsync(onTrack[0], onTrack[1], new() { Steps = 5 });
        var charts = page.Locator("[data-testid=vehicle-charts]");
        // The page settles after the last mouse step: wait until charts and map agree, then check that they do.
        await WaitUntilAsync(async () => await charts.GetAttributeAsync("data-cursor-time") is { } t && t == await CursorTimeAsync(page),
            TimeSpan.FromSeconds(10));
        var chartTime = await charts.GetAttributeAsync("data-cursor-time");
        Assert.NotNull(chartTime);
        Assert.Equal(chartTime, await CursorTimeAsync(page));
        Assert.True(await page.Locator(".fleet-chart .u-cursor-x:not(.u-off)").CountAsync() >= 1, "no chart shows a cursor");
        await HeadlessChromium.ScreenshotAsync(page, "vehicle-detail-track-hover");

        // Replay at 60×: the marker's moment advances without any input.
        await page.Mouse.MoveAsync(0, 0);
        await page.Locator("[data-testid=replay-speed-60]").ClickAsync();
        await page.Locator("[data-testid=replay-play]").ClickAsync();
        var first = await CursorTimeAsync(page);
        await WaitUntilAsync(async () => await CursorTimeAsync(page) is { } t && t != first, TimeSpan.FromSeconds(10));
        Assert.NotEqual(first, await CursorTimeAsync(page));
        await page.Locator("[data-testid=replay-pause]").ClickAsync();
    }

    [Fact]
    public async Task FleetMap_SearchByName_ShowsOnlyMatchingVehicles()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl, fleet.AdminEmail, fleet.AdminPassword);
        var markers = page.Locator(".fleet-vehicle-marker");
        await WaitUntilAsync(async () => await markers.CountAsync() >= FleetRunFixture.VehicleCount, TimeSpan.FromSeconds(30));
        var name = await markers.First.GetAttributeAsync("title");
        Assert.False(string.IsNullOrEmpty(name));

        await page.Locator("[data-testid=vehicle-search]").FillAsync(name!);
        await WaitUntilAsync(async () => await markers.CountAsync() == 1, TimeSpan.FromSeconds(15));
        await HeadlessChromium.ScreenshotAsync(page, "fleet-map-search");

        Assert.Equal(1, await markers.CountAsync());
        Assert.Equal(name, await markers.First.GetAttributeAsync("title"));
        Assert.Equal("1", await page.Locator("[data-vehicle-count]").GetAttributeAsync("data-vehicle-count"));
        // Every marker carries its state, and the legend counts what is shown.
        Assert.Matches("status-(bonded|degraded|offline)", await markers.First.GetAttributeAsync("class"));

        await page.Locator("[data-testid=vehicle-search]").FillAsync("");
        await WaitUntilAsync(async () => await markers.CountAsync() == FleetRunFixture.VehicleCount, TimeSpan.FromSeconds(15));
        Assert.Equal(FleetRunFixture.VehicleCount, await markers.CountAsync());
    }

    /// <summary>Viewport coordinates of the middle of the track: the track's invisible, wider hover twin is the
    /// transparent SVG path; its screen transform maps the path's own coordinates to the viewport.</summary>
    private const string TrackMidpointScript = """
        () => {
            const path = [...document.querySelectorAll('[data-testid=vehicle-map] .leaflet-overlay-pane path')]
                .find(p => p.getAttribute('stroke-opacity') === '0');
            const point = path.getPointAtLength(path.getTotalLength() / 2);
            const m = path.getScreenCTM();
            return [point.x * m.a + point.y * m.c + m.e, point.x * m.b + point.y * m.d + m.f];
        }
        """;

    /// <summary>Central's logged failures (the whole log is too long for a test message).</summary>
    private static string Failures(string logs) =>
        string.Join('\n', logs.Split('\n').SkipWhile(l => !l.Contains("fail:") && !l.Contains("Exception")).Take(60));

    private static async Task<string?> CursorTimeAsync(IPage page) =>
        await page.Locator("[data-testid=vehicle-map]").GetAttributeAsync("data-cursor-time");

    [GeneratedRegex(@"/vehicles/[0-9a-f-]{36}$")]
    private static partial Regex VehicleUrl();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !await condition())
        {
            await Task.Delay(250);
        }
    }
}
