using Fleet.Bonding.Links;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

public class LinkStateTests
{
    private static LinkConditions Link(double mbps, int delayMs) => new() { RateBitsPerSecond = mbps * 1e6, Delay = TimeSpan.FromMilliseconds(delayMs) };

    [Fact]
    public void Establish_ThreeLinks_AllUpAtBothEnds()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 20), Link(5, 30)]);
        bond.Establish();
        Assert.True(bond.Client.IsEstablished);
        Assert.True(bond.AllUp());
    }

    [Fact]
    public void Tick_BlackholedLink_GoesDownWithin300msThenReturnsThroughProbing()
    {
        using var bond = new BondHarness([Link(20, 10), Link(20, 10), Link(5, 10)], [Link(20, 10), Link(20, 10), Link(5, 10)]);
        bond.Establish();
        uint seq = 0;
        void Traffic(TimeSpan _) => bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1000));
        bond.Run(TimeSpan.FromMilliseconds(500), Traffic);

        bond.Links[1].Outbound.Blackhole = true;
        bond.Listener.SetBlackhole(bond.Links[1], true);
        var downAfter = TimeSpan.Zero;
        var clientDown = false;
        var serverDown = false;
        bond.Run(TimeSpan.FromMilliseconds(400), elapsed =>
        {
            Traffic(elapsed);
            clientDown |= bond.Client.Session.StateOf(1) == LinkState.Down;
            serverDown |= bond.ServerSession.StateOf(1) == LinkState.Down;
            if (!clientDown)
            {
                downAfter = elapsed;
            }
        });
        Assert.True(clientDown, "client never marked the silent link Down");
        Assert.True(serverDown, "server never marked the silent link Down");
        Assert.True(downAfter <= TimeSpan.FromMilliseconds(300), $"Down after {downAfter.TotalMilliseconds} ms");

        bond.Links[1].Outbound.Blackhole = false;
        bond.Listener.SetBlackhole(bond.Links[1], false);
        var seen = new List<LinkState>();
        bond.Run(TimeSpan.FromSeconds(2), elapsed =>
        {
            Traffic(elapsed);
            var state = bond.Client.Session.StateOf(1);
            if (seen.Count == 0 || seen[^1] != state)
            {
                seen.Add(state);
            }
        });
        Assert.Equal([LinkState.Down, LinkState.Probing, LinkState.Up], seen);
    }

    [Fact]
    public void Tick_EveryLinkSilentAtOnce_NoLinkMarkedDown()
    {
        // All links quiet together for 400 ms is a stalled process (or peer), not three dead modems: marking
        // them Down gains nothing and costs a Probing round and a ramp afterwards.
        using var bond = new BondHarness([Link(20, 10), Link(20, 10), Link(5, 10)], [Link(20, 10), Link(20, 10), Link(5, 10)]);
        bond.Establish();
        uint seq = 0;
        void Traffic(TimeSpan _) => bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1000));
        bond.Run(TimeSpan.FromMilliseconds(500), Traffic);

        SetBlackholeAll(bond, true);
        var anyDown = false;
        bond.Run(TimeSpan.FromMilliseconds(400), elapsed =>
        {
            Traffic(elapsed);
            for (var id = 0; id < 3; id++)
            {
                anyDown |= bond.Client.Session.StateOf(id) == LinkState.Down || bond.ServerSession.StateOf(id) == LinkState.Down;
            }
        });
        SetBlackholeAll(bond, false);
        bond.Run(TimeSpan.FromMilliseconds(300), Traffic);

        Assert.False(anyDown, "a link went Down although every link was silent at the same time");
        Assert.True(bond.AllUp());
    }

    [Fact]
    public void Tick_IdleThenTrafficStarts_NoLinkFlapsDown()
    {
        // Idle links are probed once a second; when traffic starts the silence threshold drops to 250 ms,
        // which must not turn the idle second into "silent".
        using var bond = new BondHarness([Link(20, 10), Link(20, 10), Link(5, 10)]);
        bond.Establish();
        bond.Run(TimeSpan.FromSeconds(4));
        Assert.True(bond.AllUp());

        uint seq = 0;
        var states = new HashSet<LinkState>();
        bond.Run(TimeSpan.FromSeconds(1), _ =>
        {
            bond.Client.Session.SendPacket(TestPackets.Udp(seq++, 1000));
            for (var id = 0; id < 3; id++)
            {
                states.Add(bond.Client.Session.StateOf(id));
                states.Add(bond.ServerSession.StateOf(id));
            }
        });

        Assert.Equal([LinkState.Up], states);
    }

    private static void SetBlackholeAll(BondHarness bond, bool blackhole)
    {
        foreach (var link in bond.Links)
        {
            link.Outbound.Blackhole = blackhole;
            bond.Listener.SetBlackhole(link, blackhole);
        }
    }
}
