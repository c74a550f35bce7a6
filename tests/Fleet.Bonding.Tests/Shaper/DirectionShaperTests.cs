using Fleet.LinkShaper.Model;

namespace Fleet.Bonding.Tests.Shaper;

/// <summary>The per-direction link logic driven by explicit (fake) times in µs.</summary>
public sealed class DirectionShaperTests
{
    private static DirectionShaper Make(double mbit = 8, long delayUs = 0, long jitterUs = 0, bool reorder = false,
        ILossModel? loss = null, long queueUs = 50_000, long queueBytes = 0) =>
        new(new DirectionSettings
        {
            Capacity = new ConstantCapacity(mbit * 1e6),
            DelayUs = delayUs,
            JitterUs = jitterUs,
            AllowReorder = reorder,
            Loss = loss,
            QueueLimitUs = queueUs,
            QueueLimitBytes = queueBytes,
        }, seed: 42);

    [Fact]
    public void Offer_BackToBack_PacketsAreSerialisedAtTheRate()
    {
        var s = Make(mbit: 8); // 1 byte/µs
        var a = s.Offer(0, 1000);
        var b = s.Offer(0, 1000);
        var c = s.Offer(5000, 1000);
        Assert.Equal(1000, a.ReleaseAtUs);
        Assert.Equal(2000, b.ReleaseAtUs);
        Assert.Equal(6000, c.ReleaseAtUs); // link was idle: starts at arrival
    }

    [Fact]
    public void Offer_WithDelay_AddsPropagationAfterTransmission()
    {
        var s = Make(mbit: 8, delayUs: 40_000);
        Assert.Equal(41_000, s.Offer(0, 1000).ReleaseAtUs);
    }

    [Fact]
    public void Offer_QueueBeyondLimit_DropsTail()
    {
        var s = Make(mbit: 8, queueUs: 10_000); // 10 ms = 10 packets of 1000 B
        var verdicts = Enumerable.Range(0, 15).Select(_ => s.Offer(0, 1000)).ToList();
        Assert.Equal(10, verdicts.Count(v => v.Action == ShaperAction.Deliver));
        Assert.All(verdicts.Skip(10), v => Assert.Equal(ShaperDropReason.QueueFull, v.Reason));
        Assert.Equal(5, s.Counters.DroppedQueue);
        // after the queue drained, packets are accepted again
        Assert.Equal(ShaperAction.Deliver, s.Offer(20_000, 1000).Action);
    }

    [Fact]
    public void Offer_ByteLimit_DropsWhenQueuedBytesExceed()
    {
        var s = Make(mbit: 8, queueUs: 1_000_000, queueBytes: 3000);
        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => s.Offer(0, 1000).Action == ShaperAction.Deliver));
        Assert.Equal(3000, s.QueuedBytes);
        s.Offer(1500, 100); // retires the first packet (finished at 1000)
        Assert.Equal(2100, s.QueuedBytes);
    }

    [Fact]
    public void Offer_JitterWithoutReorder_KeepsFifo()
    {
        var s = Make(mbit: 1000, delayUs: 20_000, jitterUs: 10_000);
        var releases = Enumerable.Range(0, 2000).Select(i => s.Offer(i * 1000L, 100).ReleaseAtUs).ToList();
        for (var i = 1; i < releases.Count; i++) Assert.True(releases[i] >= releases[i - 1], $"packet {i} overtook its predecessor");
    }

    [Fact]
    public void Offer_Jitter_SpreadsDelayAroundMean()
    {
        var s = Make(mbit: 1000, delayUs: 20_000, jitterUs: 10_000);
        // packets further apart than the jitter range: FIFO never has to hold one back
        var delays = Enumerable.Range(0, 2000).Select(i => s.Offer(i * 25_000L, 100).ReleaseAtUs - i * 25_000L).ToList();
        Assert.InRange(delays.Min(), 10_000, 11_000);
        Assert.InRange(delays.Max(), 29_000, 30_001);
        Assert.InRange(delays.Average(), 19_000, 21_000);
    }

    [Fact]
    public void Offer_JitterWithReorder_SomePacketsOvertake()
    {
        var s = Make(mbit: 1000, delayUs: 20_000, jitterUs: 10_000, reorder: true);
        var releases = Enumerable.Range(0, 500).Select(i => s.Offer(i * 1000L, 100).ReleaseAtUs).ToList();
        Assert.Contains(Enumerable.Range(1, releases.Count - 1), i => releases[i] < releases[i - 1]);
    }

    [Fact]
    public void Offer_RandomLoss_DropsAboutThatShare()
    {
        var s = Make(mbit: 1000, loss: new RandomLoss(0.03));
        var lost = Enumerable.Range(0, 100_000).Count(i => s.Offer(i * 100L, 100).Reason == ShaperDropReason.Loss);
        Assert.InRange(lost, 2700, 3300);
    }

    [Fact]
    public void GilbertElliott_LossComesInBursts()
    {
        var ge = new GilbertElliottLoss(p: 0.01, r: 0.25); // mean burst 4 packets, ~3.8 % loss
        var rng = new FastRandom(7);
        var lost = new bool[200_000];
        for (var i = 0; i < lost.Length; i++) lost[i] = ge.IsLost(ref rng);
        var share = lost.Count(x => x) / (double)lost.Length;
        var bursts = Enumerable.Range(1, lost.Length - 1).Count(i => lost[i] && !lost[i - 1]);
        var meanBurst = lost.Count(x => x) / (double)bursts;
        Assert.InRange(share, 0.030, 0.047);
        Assert.InRange(meanBurst, 3.3, 4.7);
    }

    [Fact]
    public void Offer_Blackholed_DropsEverythingUntilRestored()
    {
        var s = Make();
        s.Blackholed = true;
        Assert.Equal(ShaperDropReason.Blackhole, s.Offer(0, 100).Reason);
        s.Blackholed = false;
        Assert.Equal(ShaperAction.Deliver, s.Offer(10, 100).Action);
    }

    [Fact]
    public void Reconfigure_RateChange_AppliesToLaterPackets()
    {
        var s = Make(mbit: 8);
        Assert.Equal(1000, s.Offer(0, 1000).ReleaseAtUs);
        s.Reconfigure(s.Settings with { Capacity = new ConstantCapacity(0.8e6) });
        Assert.Equal(20_000 + 10_000, s.Offer(20_000, 1000).ReleaseAtUs);
    }

    [Fact]
    public void Offer_TraceCapacity_ThroughputFollowsTrace()
    {
        // 1 byte/µs for 1 s, then 0.25 byte/µs for 1 s
        var trace = new PiecewiseCapacity([(0, 1.0), (1_000_000, 0.25)], 2_000_000);
        var s = new DirectionShaper(new DirectionSettings { Capacity = trace, QueueLimitUs = 20_000 }, 1);
        long firstSecond = 0, secondSecond = 0;
        for (long t = 0; t < 2_000_000; t += 200) // offered 5 bytes/µs: always saturated
        {
            var v = s.Offer(t, 1000);
            if (v.Action != ShaperAction.Deliver) continue;
            if (v.ReleaseAtUs < 1_000_000) firstSecond += 1000; else if (v.ReleaseAtUs < 2_000_000) secondSecond += 1000;
        }
        Assert.InRange(firstSecond, 950_000, 1_000_000);
        Assert.InRange(secondSecond, 230_000, 260_000);
    }
}
