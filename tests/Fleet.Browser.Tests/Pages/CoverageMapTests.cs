using Fleet.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Pages;

/// <summary>The coverage map draws the grid central aggregated from the simulated fleet's link samples: a layer
/// per carrier, toggles, a legend, and a cell's statistics on click.</summary>
[Collection(FleetCollection.Name)]
public sealed class CoverageMapTests(FleetRunFixture fleet)
{
    [Fact]
    public async Task CoverageMap_WithAggregatedCells_DrawsLayersTogglesCarriersAndShowsCellStatistics()
    {
        // Central folds uploaded batches into the grid on its own schedule: wait for it, straight from PostGIS.
        await Waiting.UntilAsync(async () => await fleet.ScalarAsync<long>("SELECT count(*) FROM coverage_cells") > 0,
            TimeSpan.FromSeconds(60), () => "no coverage cells aggregated\n" + fleet.Logs);
        var carriers = await fleet.ScalarAsync<long>("SELECT count(DISTINCT carrier) FROM coverage_cells");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await HeadlessChromium.LogInAsync(page, fleet.DashboardUrl + "coverage", fleet.AdminEmail, fleet.AdminPassword);

        var cells = page.Locator("[data-testid=coverage-map] .coverage-cell");
        await Waiting.UntilAsync(page, "coverage", async () => await cells.CountAsync() > 0, TimeSpan.FromSeconds(30), () => $"no cells drawn\n{fleet.CentralFailures}");
        var toggles = page.Locator("[data-testid=carrier-toggle]");
        Assert.True(await toggles.CountAsync() >= carriers, $"expected a toggle per carrier ({carriers})");
        Assert.True(await page.Locator("[data-testid=coverage-legend] .coverage-swatch").CountAsync() >= 2);
        var all = await cells.CountAsync();
        await HeadlessChromium.ScreenshotAsync(page, "coverage-map");

        // Switching a carrier off removes its layer (and only its layer).
        var first = toggles.First;
        var carrier = await first.GetAttributeAsync("data-carrier");
        await first.UncheckAsync();
        var map = page.Locator("[data-testid=coverage-map]");
        await Waiting.UntilAsync(page, "coverage", async () => !((await map.GetAttributeAsync("data-visible-carriers")) ?? "").Split(',').Contains(carrier),
            TimeSpan.FromSeconds(10), () => $"carrier {carrier} still shown");
        var fewer = await cells.CountAsync();
        Assert.InRange(fewer, carriers > 1 ? 1 : 0, all - 1);
        await first.CheckAsync();
        await Waiting.UntilAsync(page, "coverage", async () => await cells.CountAsync() == all, TimeSpan.FromSeconds(10), () => "layer did not come back");

        // A click on a cell opens its statistics, one row per carrier measured there. The cell clicked is one that is
        // on top at its centre: which cell comes first depends on the tracks, and it may lie under the legend.
        var target = await page.EvaluateAsync<double[]?>(ClickableCellScript);
        Assert.True(target is not null, "no coverage cell can be clicked (all covered or off screen)");
        await page.Mouse.ClickAsync((float)target[0], (float)target[1]);
        var stats = page.Locator("[data-testid=cell-stats]");
        await stats.WaitForAsync(new() { Timeout = 15_000 });
        Assert.True(await stats.Locator("[data-testid=cell-carrier-row]").CountAsync() >= 1);
        Assert.Matches(@"^\d+(\.\d+)?:-?\d+:-?\d+$", await stats.Locator("[data-testid=cell-id]").InnerTextAsync());
        await HeadlessChromium.ScreenshotAsync(page, "coverage-cell");
    }

    /// <summary>The viewport point at the centre of a coverage cell that is the topmost element there; null if none.</summary>
    private const string ClickableCellScript = """
        () => {
            for (const cell of document.querySelectorAll('[data-testid=coverage-map] .coverage-cell')) {
                const r = cell.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
                if (document.elementFromPoint(x, y) === cell) return [x, y];
            }
            return null;
        }
        """;
}
