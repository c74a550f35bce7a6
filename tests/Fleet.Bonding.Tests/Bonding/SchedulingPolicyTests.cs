using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

public class SchedulingPolicyTests
{
    private static LinkView View(int index, double mbps, LinkState state = LinkState.Up, double arrivalUs = 0, double queueUs = 0) =>
        new(index, index, state, mbps * 1e6, arrivalUs, queueUs, 0);

    [Fact]
    public void Balance_SameFlow_AlwaysSameLink()
    {
        var policy = new BalancePolicy();
        LinkView[] links = [View(0, 20), View(1, 20), View(2, 5)];
        var packet = TestPackets.Udp(1, sourcePort: 1234);
        var first = policy.Select(new PacketContext(packet, 1), links).First;
        for (var i = 0; i < 1000; i++)
        {
            var decision = policy.Select(new PacketContext(TestPackets.Udp((uint)i, sourcePort: 1234), 1 + i), links);
            Assert.Equal(first, decision.First);
            Assert.True(decision.Unordered);
        }
    }

    [Fact]
    public void Balance_ManyFlows_SpreadByWeightAndMoveOffADownLink()
    {
        var policy = new BalancePolicy();
        LinkView[] links = [View(0, 20), View(1, 20), View(2, 5)];
        var counts = new int[3];
        for (ushort port = 1; port <= 3000; port++)
        {
            counts[policy.Select(new PacketContext(TestPackets.Udp(0, sourcePort: port), 1), links).First]++;
        }

        Assert.InRange(counts[2] / 3000.0, 0.05, 0.18);
        Assert.InRange(counts[0] / 3000.0, 0.35, 0.55);

        LinkView[] degraded = [View(0, 20), View(1, 20, LinkState.Down), View(2, 5)];
        for (ushort port = 1; port <= 300; port++)
        {
            Assert.NotEqual(1, policy.Select(new PacketContext(TestPackets.Udp(0, sourcePort: port), 2), degraded).First);
        }
    }

    [Fact]
    public void EarliestArrival_PicksSmallestPredictedArrival_SkippingFullQueuesAndDownLinks()
    {
        var policy = new EarliestArrivalPolicy(new BondingOptions { MaxLinkQueueDelay = TimeSpan.FromMilliseconds(40) });
        var packet = TestPackets.Udp(0);
        LinkView[] links = [View(0, 20, arrivalUs: 50_000, queueUs: 45_000), View(1, 20, arrivalUs: 60_000, queueUs: 10_000), View(2, 5, LinkState.Down, arrivalUs: 1)];
        Assert.Equal(1, policy.Select(new PacketContext(packet, 0), links).First);

        LinkView[] allFull = [View(0, 20, arrivalUs: 50_000, queueUs: 45_000), View(1, 20, arrivalUs: 60_000, queueUs: 50_000)];
        Assert.Equal(0, policy.Select(new PacketContext(packet, 0), allFull).First);

        LinkView[] nothingUp = [View(0, 20, LinkState.Down), View(1, 20, LinkState.Probing, arrivalUs: 5)];
        Assert.Equal(1, policy.Select(new PacketContext(packet, 0), nothingUp).First);

        LinkView[] allDown = [View(0, 20, LinkState.Down, arrivalUs: 9), View(1, 20, LinkState.Down, arrivalUs: 5)];
        Assert.Equal(1, policy.Select(new PacketContext(packet, 0), allDown).First);
    }

    [Fact]
    public void Redundant_EfOrSmallUdp_TwoLinksElseOne()
    {
        var policy = new RedundantPolicy(new BondingOptions { RedundantMaxUdpPayload = 300 });
        LinkView[] links = [View(0, 20, arrivalUs: 30), View(1, 20, arrivalUs: 10), View(2, 5, arrivalUs: 20)];

        var voice = policy.Select(new PacketContext(TestPackets.Udp(0, 1200, dscp: 46), 0), links);
        Assert.Equal((1, 2, true), (voice.First, voice.Second, voice.Unordered));

        var small = policy.Select(new PacketContext(TestPackets.Udp(0, 160), 0), links);
        Assert.Equal(2, small.Count);

        var bulk = policy.Select(new PacketContext(TestPackets.Udp(0, 1200), 0), links);
        Assert.Equal((1, -1, false), (bulk.First, bulk.Second, bulk.Unordered));
    }
}
