using Fleet.Bonding.Links;
using Fleet.Bonding.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>
/// One BBR-driven flow over the netns bench's scenarios, in memory on the fake clock (deterministic): the
/// scheduler's estimates have to converge fast and without overshoot, or the reorder holds and queues they
/// cause inflate the flow's RTT and cap it well below the links' sum. Each link has a 50-ms buffer, as the
/// bench's shaper; goodput counts what left the server's TUN over the whole run, start-up included.
/// </summary>
public class SingleFlowTests(ITestOutputHelper output)
{
    private static LinkConditions Link(double mbps, int delayMs = 0, int jitterMs = 0, double loss = 0) => new()
    {
        RateBitsPerSecond = mbps * 1e6, Delay = TimeSpan.FromMilliseconds(delayMs), Jitter = TimeSpan.FromMilliseconds(jitterMs),
        Loss = loss, Seed = 1, MaxQueueDelay = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public void Run_LinksOf20And20And5_FlowGetsNearlyTheirSum()
    {
        var (mbps, _) = Measure([Link(20), Link(20), Link(5)]);
        Assert.True(mbps >= 37, $"{mbps:F1} Mbit/s of ~43 the links carry");
    }

    [Fact]
    public void Run_ThreeLinksOf20_FlowGetsNearlyTheirSum()
    {
        var (mbps, _) = Measure([Link(20), Link(20), Link(20)]);
        Assert.True(mbps >= 51, $"{mbps:F1} Mbit/s of ~57 the links carry");
    }

    [Fact]
    public void Run_LossOnTheSlowLink_FlowStillGetsTheFastLinks()
    {
        var (mbps, _) = Measure([Link(20), Link(20), Link(5, loss: 0.03)]);
        Assert.True(mbps >= 35, $"{mbps:F1} Mbit/s");
    }

    [Fact]
    public void Run_DelaysOf20And40And80WithJitter_FlowAboveTheBestLink()
    {
        var (mbps, _) = Measure([Link(20, 20, 10), Link(20, 40, 10), Link(5, 80, 10)]);
        Assert.True(mbps >= 30, $"{mbps:F1} Mbit/s");
    }

    [Fact]
    public void Run_LinkDropsFrom20To2_FlowAdaptsWithinTwoSeconds()
    {
        var (_, perSecond) = Measure([Link(20), Link(20), Link(5)], seconds: 12,
            change: (bond, t) => { if (t == TimeSpan.FromSeconds(6)) bond.Links[1].Outbound.RateBitsPerSecond = 2e6; });
        // Second 7 adapts; from second 8 the flow holds at least 22 of the ~25 left.
        Assert.All(perSecond[7..], mbps => Assert.True(mbps >= 22, $"per second {string.Join(" ", perSecond.Select(s => s.ToString("F0")))}"));
    }

    private (double Mbps, double[] PerSecond) Measure(LinkConditions[] links, int seconds = 8, Action<BondHarness, TimeSpan>? change = null)
    {
        using var bond = new BondHarness(links);
        bond.Establish();
        var flow = new SimulatedBbrFlow(bond);
        var perSecond = new List<double>();
        long last = 0;
        var mbps = flow.Run(TimeSpan.FromSeconds(seconds), elapsed =>
        {
            change?.Invoke(bond, elapsed);
            if (elapsed > TimeSpan.Zero && elapsed.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                perSecond.Add((flow.DeliveredBytes - last) * 8 / 1e6);
                last = flow.DeliveredBytes;
            }
        });
        output.WriteLine($"{mbps:F1} Mbit/s, RTT mean {flow.MeanRttUs / 1000:F1} ms (min {flow.MinRttUs / 1000:F1}), lost {flow.Lost}, " +
            $"per second [{string.Join(" ", perSecond.Select(s => s.ToString("F0")))}], estimates " +
            string.Join(" ", bond.Client.Snapshot().Links.Select(l => $"{l.RateBitsPerSecond / 1e6:F1}")));
        return (mbps, [.. perSecond]);
    }
}
