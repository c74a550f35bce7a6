using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>The per-packet paths must not allocate: encrypt + schedule + send, and receive + decrypt +
/// replay check + reorder + TUN write, in both directions, measured on this thread. Runs alone: the in-memory
/// links rent from the shared ArrayPool, which other tests' garbage collections trim, and a refill allocates.</summary>
[Collection(Os.AllocationCollection.Name)]
public class AllocationTests(Xunit.Abstractions.ITestOutputHelper output)
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
        const int Packets = 20_000;

        // Two measured windows: session-owned pools (a reorder-buffer slot is 1.5 KB and is kept once made) may
        // still grow in the first when the machine is loaded; a per-packet object (>= 24 B/packet) shows in both.
        long Measure()
        {
            var serverBefore = bond.ServerTun.WrittenCount;
            var clientBefore = bond.ClientTun.WrittenCount;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Loop(Packets);
            stopwatch.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Both ends on one thread: encrypt, schedule, in-memory copy, decrypt, reorder, for 2 × 1400 B per step.
            output.WriteLine($"{2 * Packets * 1400 * 8 / stopwatch.Elapsed.TotalSeconds / 1e9:F2} Gbit/s of inner traffic through both ends on one thread; {allocated} B allocated");
            Assert.Equal(Packets, bond.ServerTun.WrittenCount - serverBefore);
            Assert.Equal(Packets, bond.ClientTun.WrittenCount - clientBefore);
            return allocated;
        }

        var allocated = Math.Min(Measure(), Measure());
        Assert.True(allocated / (2.0 * Packets) < 1.0, $"allocated {allocated} bytes for {2 * Packets} packets ({allocated / (2.0 * Packets):F3} B/packet)");
    }
}
