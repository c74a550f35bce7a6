using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>Client ↔ server over in-memory links with rates and delays, on a fake clock.</summary>
public class BondingTrafficTests
{
    private static LinkConditions Link(double mbps, int delayMs, double loss = 0, int seed = 1) =>
        new() { RateBitsPerSecond = mbps * 1e6, Delay = TimeSpan.FromMilliseconds(delayMs), Loss = loss, Seed = seed, MaxQueueDelay = TimeSpan.FromMilliseconds(100) };

    /// <summary>Offers <paramref name="mbps"/> of <paramref name="size"/>-byte packets upstream; returns how many were sent.</summary>
    private static uint Offer(BondHarness bond, double mbps, TimeSpan duration, int size = 1200, uint start = 0, int dscp = 0)
    {
        var perMs = mbps * 1e6 / 8 / size / 1000;
        var credit = 0.0;
        var seq = start;
        bond.Run(duration, _ =>
        {
            credit += perMs;
            while (credit >= 1)
            {
                credit--;
                bond.Client.Session.SendPacket(TestPackets.Udp(seq++, size, dscp));
            }
        });
        return seq - start;
    }

    private static double Share(BondingSnapshot snapshot, int linkId) =>
        snapshot.Links.Single(l => l.LinkId == linkId).SentBytes / (double)snapshot.Links.Sum(l => l.SentBytes);

    [Fact]
    public void EarliestArrival_UnequalRates_SpreadsByRateAndDeliversInOrder()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 10), Link(5, 10)]);
        bond.Establish();
        Offer(bond, 40, TimeSpan.FromSeconds(1), start: 9_000_000);
        bond.Run(TimeSpan.FromMilliseconds(300));
        bond.DrainServerTun();
        var warm = bond.Client.Snapshot();
        var warmReorder = bond.ServerSession.Snapshot().Reorder;

        // 40 Mbit/s of payload is ~42.5 on the wire: more than the two 20s carry, so the 5 must help.
        var sent = Offer(bond, 40, TimeSpan.FromSeconds(3));
        bond.Run(TimeSpan.FromMilliseconds(500));

        var snapshot = bond.Client.Snapshot();
        double Share(int id) => (snapshot.Links[id].SentBytes - warm.Links[id].SentBytes)
            / (double)(snapshot.Links.Sum(l => l.SentBytes) - warm.Links.Sum(l => l.SentBytes));
        var delivered = bond.DrainServerTun().Select(p => TestPackets.SequenceOf(p)).ToList();
        var reorder = bond.ServerSession.Snapshot().Reorder;
        var detail = $"{reorder} shares {Share(0):F3}/{Share(1):F3}/{Share(2):F3} drops {string.Join("/", bond.Links.Select(l => l.DroppedCount))}";
        Assert.InRange(Share(2), 0.04, 0.2);
        Assert.InRange(Share(0), 0.35, 0.55);
        Assert.InRange(Share(1), 0.35, 0.55);
        Assert.True(delivered.Count >= sent * 0.98, $"delivered {delivered.Count} of {sent}: {detail}");
        Assert.True(delivered.Order().SequenceEqual(delivered), $"out of order: {detail}");
        Assert.Equal(0, reorder.Late);
        Assert.Equal(0, reorder.Lost);
        // Reordering stays low: few holes needed a resend, and no packet reached TCP out of order.
        var resent = (reorder.RetransmitsRequested - warmReorder.RetransmitsRequested) / (double)delivered.Count;
        Assert.True(resent < 0.02, $"resent {resent:P1}: {detail}");
    }

    [Fact]
    public void EarliestArrival_DifferentDelays_EveryPacketDeliveredInOrder()
    {
        using var bond = new BondHarness([Link(20, 20), Link(20, 40), Link(5, 80)]);
        bond.Establish();
        var sent = Offer(bond, 30, TimeSpan.FromSeconds(3));
        bond.Run(TimeSpan.FromMilliseconds(500));

        var delivered = bond.DrainServerTun().Select(p => TestPackets.SequenceOf(p)).ToList();
        Assert.Equal(delivered.Order(), delivered);
        Assert.True(delivered.Count >= sent * 0.995, $"delivered {delivered.Count} of {sent}");
        Assert.Equal(0, bond.ServerSession.Snapshot().Reorder.Late);
    }

    /// <summary>Offers <paramref name="mbps"/> upstream and records, per sequence, when it was sent and when
    /// the server's TUN got it.</summary>
    private static (Dictionary<uint, TimeSpan> Sent, Dictionary<uint, TimeSpan> Written) OfferAndTime(BondHarness bond, double mbps, TimeSpan duration)
    {
        var sent = new Dictionary<uint, TimeSpan>();
        var written = new Dictionary<uint, TimeSpan>();
        var start = bond.Time.GetUtcNow();
        var credit = 0.0;
        uint seq = 0;
        void Collect()
        {
            while (bond.ServerTun.TryTakeWritten(out var packet))
            {
                written[TestPackets.SequenceOf(packet)] = bond.Time.GetUtcNow() - start;
            }
        }

        bond.Run(duration, _ =>
        {
            Collect();
            credit += mbps * 1e6 / 8 / 1200 / 1000;
            while (credit >= 1)
            {
                credit--;
                sent[seq] = bond.Time.GetUtcNow() - start;
                bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1200));
            }
        });
        bond.Run(TimeSpan.FromMilliseconds(500), _ => Collect());
        Collect();
        return (sent, written);
    }

    [Fact]
    public void CommonDelayRelease_LinksOfDifferentDelay_EveryPacketSeesTheSameDelayInOrder()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 40)], options: new BondingOptions { CommonDelayRelease = true });
        bond.Establish();
        var (sent, written) = OfferAndTime(bond, 30, TimeSpan.FromSeconds(2));

        Assert.Equal(sent.Count, written.Count);
        var order = written.OrderBy(w => w.Value).ThenBy(w => w.Key).Select(w => w.Key).ToList();
        Assert.Equal(order.Order(), order);
        var both = bond.Client.Snapshot().Links.All(l => l.SentPackets > 1000);
        Assert.True(both, "both links carried data");
        // After the first second (delays measured): every packet at least the slow link's delay, whichever
        // link carried it, and within a few ms of each other (the common delay moves only with the
        // slow link's queue, not with the link each packet took — 10 vs 40 ms here).
        var delays = sent.Where(s => s.Value > TimeSpan.FromSeconds(1)).Select(s => (written[s.Key] - s.Value).TotalMilliseconds).ToList();
        Assert.InRange(delays.Min(), 40, 200);
        Assert.True(delays.Max() - delays.Min() <= 12, $"delay spread {delays.Min():F1}..{delays.Max():F1} ms");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CommonDelayRelease_LightLoadOnTheFastLinkOnly_DelayAsUnderLoadOnlyWhenOn(bool on)
    {
        // 2 Mbit/s fits the fast link: without the common delay a TCP flow would measure 10 ms here and
        // 40+ ms once the load spills onto the slow link; with it, the same delay either way.
        using var bond = new BondHarness([Link(20, 10), Link(20, 40)], options: new BondingOptions { CommonDelayRelease = on });
        bond.Establish();
        var (sent, written) = OfferAndTime(bond, 2, TimeSpan.FromSeconds(2));

        var delays = sent.Where(s => s.Value > TimeSpan.FromSeconds(1)).Select(s => (written[s.Key] - s.Value).TotalMilliseconds).ToList();
        if (on)
        {
            Assert.True(delays.Min() >= 40, $"min delay {delays.Min():F1} ms");
        }
        else
        {
            Assert.True(delays.Max() < 20, $"max delay {delays.Max():F1} ms");
        }
    }

    [Fact]
    public void Arq_ThreePercentLossOnOneLink_EveryPacketDelivered()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 15), Link(5, 20, loss: 0.03, seed: 9)]);
        bond.Establish();
        var sent = Offer(bond, 30, TimeSpan.FromSeconds(3));
        bond.Run(TimeSpan.FromMilliseconds(500));

        var delivered = bond.DrainServerTun().Select(p => TestPackets.SequenceOf(p)).ToList();
        Assert.Equal(Enumerable.Range(0, (int)sent).Select(i => (uint)i), delivered);
        Assert.True(bond.Client.Session.Retransmitted > 0);
    }

    [Fact]
    public void Redundant_EfTraffic_SentTwiceDeliveredOnce()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 12), Link(5, 14)], options: new BondingOptions { Mode = SchedulingMode.Redundant });
        bond.Establish();
        var sent = Offer(bond, 1, TimeSpan.FromSeconds(1), size: 200, dscp: 46);
        bond.Run(TimeSpan.FromMilliseconds(200));

        Assert.Equal(sent, (uint)bond.Client.Session.Counters.DuplicatesSent);
        var delivered = bond.DrainServerTun().Select(p => TestPackets.SequenceOf(p)).ToList();
        Assert.Equal((int)sent, delivered.Count);
        Assert.Equal((int)sent, delivered.Distinct().Count());
        Assert.Equal(sent, (uint)bond.ServerSession.Counters.Dropped(DropReason.DuplicatePacket));
    }

    [Fact]
    public void Balance_TwoFlows_NoReorderingAndEveryPacketDelivered()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 40), Link(20, 80)], options: new BondingOptions { Mode = SchedulingMode.Balance });
        bond.Establish();
        uint seq = 0;
        bond.Run(TimeSpan.FromSeconds(1), _ =>
        {
            bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1000, sourcePort: 1111));
            bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1000, sourcePort: 2222));
        });
        bond.Run(TimeSpan.FromMilliseconds(300));

        var delivered = bond.DrainServerTun();
        Assert.Equal((int)seq, delivered.Count);
        foreach (var port in new ushort[] { 1111, 2222 })
        {
            var flow = delivered.Where(p => System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(20)) == port).Select(p => TestPackets.SequenceOf(p)).ToList();
            Assert.Equal(flow.Order(), flow);
        }

        Assert.Equal(0, bond.ServerSession.Snapshot().Reorder.Reordered);
    }

    [Fact]
    public void Downlink_ServerRoutesByPrefix_ClientReceives()
    {
        using var bond = new BondHarness([Link(20, 10), Link(10, 20)]);
        bond.Establish();
        for (uint i = 0; i < 100; i++)
        {
            Assert.Equal(DropReason.None, bond.Server.RoutePacket(TestPackets.Udp(i, 500, source: "10.20.0.2", destination: "10.10.0.5")));
        }

        Assert.Equal(DropReason.NoRoute, bond.Server.RoutePacket(TestPackets.Udp(0, 500, source: "10.20.0.2", destination: "10.99.0.5")));
        bond.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (uint)i), bond.DrainClientTun().Select(p => TestPackets.SequenceOf(p)));
    }

    [Fact]
    public void Uplink_SourceOutsideGrant_DroppedByServer()
    {
        using var bond = new BondHarness([Link(20, 10), Link(10, 20)]);
        bond.Establish();
        bond.Client.Session.SendPacket(TestPackets.Udp(1, 300, source: "192.0.2.1"));
        bond.Run(TimeSpan.FromMilliseconds(100));
        Assert.Empty(bond.DrainServerTun());
        Assert.Equal(1, bond.ServerSession.Counters.Dropped(DropReason.SourceNotAllowed));
    }

    [Fact]
    public void Rekey_AfterInterval_NewEpochAndNoPacketLost()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 20)], options: new BondingOptions { RekeyAfterTime = TimeSpan.FromSeconds(1) });
        bond.Establish();
        var epoch = bond.Client.Session.CurrentEpoch;
        uint seq = 0;
        bond.Run(TimeSpan.FromSeconds(3.5), elapsed =>
        {
            if (elapsed.Ticks % TimeSpan.FromMilliseconds(100).Ticks == 0 && bond.Client.Session.NeedsRekey)
            {
                bond.Client.StartHandshakeIfDue();
            }

            bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 600));
        });
        bond.Run(TimeSpan.FromMilliseconds(300));

        Assert.True(bond.Client.HandshakesCompleted >= 3, $"handshakes {bond.Client.HandshakesCompleted}");
        Assert.NotEqual(epoch, bond.Client.Session.CurrentEpoch);
        Assert.Equal(bond.Client.Session.CurrentEpoch, bond.ServerSession.CurrentEpoch);
        Assert.Equal(Enumerable.Range(0, (int)seq).Select(i => (uint)i), bond.DrainServerTun().Select(p => TestPackets.SequenceOf(p)));
    }

    [Fact]
    public void Roaming_LinkChangesAddress_ServerFollowsAndDownlinkContinues()
    {
        using var bond = new BondHarness([Link(20, 10)]);
        bond.Establish();
        bond.Links[0].LocalEndPoint = BondHarness.EndPoint("10.201.1.77:5555");
        bond.Client.Session.SendPacket(TestPackets.Udp(1, 300));
        bond.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(bond.Links[0].LocalEndPoint, bond.ServerSession.Snapshot().Links.Single().RemoteEndPoint);

        bond.Server.RoutePacket(TestPackets.Udp(42, 300, source: "10.20.0.2", destination: "10.254.0.2"));
        bond.Run(TimeSpan.FromMilliseconds(100));
        Assert.Equal([42u], bond.DrainClientTun().Select(p => TestPackets.SequenceOf(p)));
    }

    [Fact]
    public void CapacityDrop_20To2Mbps_EstimateFollowsWithinTwoSeconds()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 10), Link(5, 10)]);
        bond.Establish();
        Offer(bond, 44, TimeSpan.FromSeconds(2));
        bond.Links[1].Outbound.RateBitsPerSecond = 2e6;
        var sent = Offer(bond, 30, TimeSpan.FromSeconds(2), start: 1_000_000);

        var link = bond.Client.Snapshot().Links.Single(l => l.LinkId == 1);
        Assert.InRange(link.RateBitsPerSecond, 1e6, 4e6);
        var before = bond.DrainServerTun().Count;
        Offer(bond, 24, TimeSpan.FromSeconds(1), start: 2_000_000);
        bond.Run(TimeSpan.FromMilliseconds(300));
        var after = bond.DrainServerTun().Count;
        Assert.True(after >= 24e6 / 8 / 1200 * 0.97, $"delivered {after} after adapting");
        _ = before + sent;
    }

    [Fact]
    public void HintSource_DeadSpotAhead_LowersThatLinksShare()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 10)]);
        bond.Client.HintSource = new FixedHints(deadSpotLink: 0);
        bond.Establish();
        Offer(bond, 15, TimeSpan.FromSeconds(3));

        var snapshot = bond.Client.Snapshot();
        Assert.True(snapshot.Links.Single(l => l.LinkId == 0).LinkHintDeadSpot());
        Assert.True(Share(snapshot, 0) < 0.35, $"share {Share(snapshot, 0)}");
    }

    private sealed class FixedHints(int deadSpotLink) : ILinkHintSource
    {
        public LinkHint GetHint(int linkId) => new(1.0, linkId == deadSpotLink);
    }
}

internal static class SnapshotExtensions
{
    public static bool LinkHintDeadSpot(this LinkSnapshot link) => link.Hint.DeadSpotAhead;
}
