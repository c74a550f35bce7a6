using Microsoft.Playwright;

namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>Waits on a condition with a generous deadline (a loaded 2-core machine is slow), never a fixed sleep.</summary>
internal static class Waiting
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"after {timeout.TotalSeconds:0} s: {failure()}");
            await Task.Delay(250);
        }
    }

    /// <summary>As above, and on failure a screenshot "failed-<paramref name="name"/>" and the browser console.</summary>
    public static async Task UntilAsync(IPage page, string name, Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        try
        {
            await UntilAsync(condition, timeout, failure);
        }
        catch (TimeoutException e)
        {
            var shot = await HeadlessChromium.ScreenshotAsync(page, "failed-" + name);
            throw new TimeoutException($"{e.Message}\nscreenshot: {shot}\n{HeadlessChromium.ConsoleOf(page)}", e);
        }
    }
}
