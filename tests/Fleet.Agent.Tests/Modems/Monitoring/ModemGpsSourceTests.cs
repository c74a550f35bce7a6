using Fleet.Agent.Gps;
using Fleet.Agent.Modems.Gnss;

namespace Fleet.Agent.Tests.Modems.Monitoring;

public sealed class ModemGpsSourceTests
{
    [Fact]
    public async Task ReadFixesAsync_NoFixThenRepeatedThenNew_YieldsEachFixOnce()
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var a = new ModemGnssFix(t0, 53.3, -6.2, 20, 10, 90, 3, 9, 0.8);
        var b = a with { Time = t0.AddSeconds(1), Latitude = 53.31, FixDimension = 2 };
        var gnss = new ScriptedGnss([null, a, a, b]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var fixes = new List<GpsFix>();
        await foreach (var fix in new ModemGpsSource(gnss, TimeSpan.FromMilliseconds(10), TimeProvider.System).ReadFixesAsync(cts.Token))
        {
            fixes.Add(fix);
            if (fixes.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([53.3, 53.31], fixes.Select(f => f.Latitude!.Value));
        Assert.Equal([GpsFixMode.Fix3D, GpsFixMode.Fix2D], fixes.Select(f => f.Mode));
        Assert.True(fixes[0].HasPosition);
        Assert.Equal(10, fixes[0].SpeedMps);
    }

    private sealed class ScriptedGnss(ModemGnssFix?[] script) : IModemGnss
    {
        private int _next;

        public Task<ModemGnssFix?> ReadFixAsync(CancellationToken cancellationToken) =>
            Task.FromResult(script[Math.Min(_next++, script.Length - 1)]);
    }
}
