namespace Fleet.Bonding.Tests.Bonding;

/// <summary>The receiver's playout line: packets leave in order at their release times (explicit µs, no clock).</summary>
public class PlayoutBufferTests
{
    private struct Capture(List<uint> into) : IPlayoutSink
    {
        public readonly void Write(ReadOnlySpan<byte> packet) => into.Add(BitConverter.ToUInt32(packet));
    }

    private static byte[] P(uint seq) => BitConverter.GetBytes(seq);

    [Fact]
    public void Add_DueAndNothingWaiting_WrittenAtOnce()
    {
        var written = new List<uint>();
        var line = new PlayoutBuffer(new PacketBufferPool(1500, 16));

        line.Add(P(1), releaseAtUs: 1_000, nowUs: 1_000, new Capture(written));

        Assert.Equal([1u], written);
        Assert.Equal(0, line.Count);
    }

    [Fact]
    public void ReleaseDue_BeforeAndAtReleaseTime_HoldsThenWritesInOrder()
    {
        var written = new List<uint>();
        var line = new PlayoutBuffer(new PacketBufferPool(1500, 16));
        line.Add(P(1), releaseAtUs: 30_000, nowUs: 0, new Capture(written));
        line.Add(P(2), releaseAtUs: 31_000, nowUs: 500, new Capture(written));

        line.ReleaseDue(29_999, new Capture(written));
        Assert.Empty(written);

        line.ReleaseDue(30_000, new Capture(written));
        Assert.Equal([1u], written);
        line.ReleaseDue(40_000, new Capture(written));
        Assert.Equal([1u, 2u], written);
        Assert.Equal(long.MaxValue, line.NextReleaseUs);
    }

    [Fact]
    public void Add_EarlierReleaseBehindALaterOne_WaitsForItsPredecessor()
    {
        // A packet due sooner must not overtake one queued before it (the line is FIFO).
        var written = new List<uint>();
        var line = new PlayoutBuffer(new PacketBufferPool(1500, 16));
        line.Add(P(1), releaseAtUs: 50_000, nowUs: 0, new Capture(written));
        line.Add(P(2), releaseAtUs: 10_000, nowUs: 20_000, new Capture(written));

        line.ReleaseDue(20_000, new Capture(written));
        Assert.Empty(written);
        line.ReleaseDue(50_000, new Capture(written));
        Assert.Equal([1u, 2u], written);
    }

    [Fact]
    public void Add_LineFull_OldestLeavesEarlyNothingDropped()
    {
        var written = new List<uint>();
        var line = new PlayoutBuffer(new PacketBufferPool(1500, PlayoutBuffer.Capacity));
        for (uint i = 0; i < PlayoutBuffer.Capacity + 3; i++)
        {
            line.Add(P(i), releaseAtUs: 1_000_000, nowUs: 0, new Capture(written));
        }

        Assert.Equal([0u, 1u, 2u], written);
        Assert.Equal(3, line.Counters.Early);
        line.Flush(0, new Capture(written));
        Assert.Equal(Enumerable.Range(0, PlayoutBuffer.Capacity + 3).Select(i => (uint)i), written);
    }
}
