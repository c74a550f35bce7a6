using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>The per-packet paths must not allocate: encrypt + schedule + send, and receive + decrypt +
/// replay check + reorder + TUN write, in both directions, measured on this thread.</summary>
public class AllocationTests
{
    [Fact]
    public void HotPath_SendAndReceiveBothDirections_AllocatesNothingPerPacket()
    {
        using var bond = new BondHarness([new LinkConditions(), new LinkConditions(), new LinkConditions()]);
        bond.Establish();
        bond.ServerTun.KeepWritten = false;
        bond.ClientTun.KeepWritten = false;
        var up = TestPackets.Udp(1, 1400);
        var down = TestPackets.Udp(2, 1400, source: "10.20.0.2", destination: "10.10.0.3");
        var buffer = new byte[BondingProtocol.ReceiveBufferSize];

        void Loop(int count)
        {
            for (var i = 0; i < count; i++)
            {
                bond.Client.Session.SendPacket(up);
                bond.Server.RoutePacket(down);
                while (bond.Listener.TryReceiveFrom(buffer, out var length, out var from))
                {
                    bond.Server.ProcessDatagram(buffer.AsSpan(0, length), from!);
                }

                foreach (var link in bond.Links)
                {
                    while (link.TryReceive(buffer, out var length))
                    {
                        bond.Client.ProcessDatagram(buffer.AsSpan(0, length), link);
                    }
                }
            }
        }

        Loop(5_000); // warm up: pools, queues and JIT tiers reach steady state
        var serverBefore = bond.ServerTun.WrittenCount;
        var clientBefore = bond.ClientTun.WrittenCount;
        const int Packets = 20_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Loop(Packets);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Packets, bond.ServerTun.WrittenCount - serverBefore);
        Assert.Equal(Packets, bond.ClientTun.WrittenCount - clientBefore);
        // 2 × 20,000 packets: allow a few hundred bytes in total for a rare pool or queue resize.
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for {2 * Packets} packets ({allocated / (2.0 * Packets):F3} B/packet)");
    }
}
