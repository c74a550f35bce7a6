namespace Fleet.Bonding.Tests.Bonding;

public class ReorderBufferTests
{
    private sealed class Capture : IPacketSink, IRetransmitRequester
    {
        public List<uint> Delivered { get; } = [];

        public List<uint> Nacked { get; } = [];

        public void Deliver(ReadOnlySpan<byte> packet, long releaseAtUs) => Delivered.Add(BitConverter.ToUInt32(packet));

        public void RequestRetransmit(uint globalSeq) => Nacked.Add(globalSeq);
    }

    private static byte[] P(uint seq) => BitConverter.GetBytes(seq);

    private static (ReorderBuffer Buffer, Capture Sink) Create(bool arq = false)
    {
        var sink = new Capture();
        return (new ReorderBuffer(sink, new PacketBufferPool(1500, 64), arq ? sink : null) { TimeoutUs = 50_000 }, sink);
    }

    [Fact]
    public void Accept_InOrder_DeliversImmediately()
    {
        var (buffer, sink) = Create();
        for (uint i = 100; i < 110; i++)
        {
            buffer.Accept(i, P(i), 0, null);
        }

        Assert.Equal(Enumerable.Range(100, 10).Select(i => (uint)i), sink.Delivered);
        Assert.Equal(0, buffer.Held);
        Assert.Equal(0, buffer.Counters.Reordered);
    }

    [Fact]
    public void Accept_OutOfOrder_ReleasesInOrderWhenHoleFills()
    {
        var (buffer, sink) = Create();
        buffer.Accept(0, P(0), 0, null);
        buffer.Accept(2, P(2), 1, null);
        buffer.Accept(3, P(3), 2, null);
        Assert.Equal([0u], sink.Delivered);
        Assert.Equal(2, buffer.Held);

        buffer.Accept(1, P(1), 3, null);
        Assert.Equal([0u, 1u, 2u, 3u], sink.Delivered);
        Assert.Equal(2, buffer.Counters.Reordered);
        buffer.Accept(2, P(2), 4, null);
        Assert.Equal(1, buffer.Counters.Duplicate);
    }

    [Fact]
    public void Expire_HoleOlderThanTimeout_SkipsItAndCountsLost_LateArrivalStillDelivered()
    {
        var (buffer, sink) = Create();
        buffer.TimeoutUs = 30_000;
        buffer.Accept(0, P(0), 0, null);
        buffer.Accept(2, P(2), 1_000, null);
        buffer.Expire(20_000, null);
        Assert.Equal([0u], sink.Delivered);

        buffer.Expire(31_000, null);
        Assert.Equal([0u, 2u], sink.Delivered);
        Assert.Equal(1, buffer.Counters.Lost);

        buffer.Accept(1, P(1), 40_000, null);
        Assert.Equal([0u, 2u, 1u], sink.Delivered);
        Assert.Equal(1, buffer.Counters.Late);
        Assert.Equal(0, buffer.Counters.Lost);
    }

    [Fact]
    public void Expire_HoleProvenLostByOtherLinks_ReleasedWithoutWaitingForTimeout()
    {
        // Loss on one link must not stall the others: once every live link has delivered something
        // sent after the hole (minPassed > hole), the hole is given up at once.
        var (buffer, sink) = Create();
        buffer.TimeoutUs = 400_000;
        buffer.Accept(0, P(0), 0, null);
        buffer.Accept(2, P(2), 1_000, minPassed: 1);
        Assert.Equal([0u], sink.Delivered);
        buffer.Accept(3, P(3), 2_000, minPassed: 4);
        Assert.Equal([0u, 2u, 3u], sink.Delivered);
        Assert.Equal(1, buffer.Counters.LostEarly);
    }

    [Fact]
    public void Expire_WithRetransmission_NacksProvenLostHoleAndWaitsForResend()
    {
        var (buffer, sink) = Create(arq: true);
        buffer.TimeoutUs = 400_000;
        buffer.RetransmitWaitUs = 60_000;
        buffer.Accept(0, P(0), 0, null);
        buffer.Accept(3, P(3), 1_000, minPassed: 4);
        Assert.Equal([1u, 2u], sink.Nacked);
        Assert.Equal([0u], sink.Delivered);

        buffer.Accept(1, P(1), 20_000, minPassed: 4);
        buffer.Accept(2, P(2), 21_000, minPassed: 4);
        Assert.Equal([0u, 1u, 2u, 3u], sink.Delivered);
        Assert.Equal(0, buffer.Counters.Lost);

        // A NACKed hole whose resend never comes is given up after the retransmit wait.
        buffer.Accept(5, P(5), 30_000, minPassed: 6);
        Assert.Equal([1u, 2u, 4u], sink.Nacked);
        buffer.Expire(80_000, 6);
        Assert.Equal([0u, 1u, 2u, 3u], sink.Delivered);
        buffer.Expire(91_000, 6);
        Assert.Equal([0u, 1u, 2u, 3u, 5u], sink.Delivered);
        Assert.Equal(1, buffer.Counters.Lost);
    }

    [Fact]
    public void Accept_FarAheadOfWindow_SkipsForwardLateWithinWindowTooOldBeyond()
    {
        var (buffer, sink) = Create();
        buffer.Accept(0, P(0), 0, null);
        buffer.Accept(ReorderBuffer.Capacity + 10, P(ReorderBuffer.Capacity + 10), 1, null);
        Assert.Equal(10, buffer.Counters.Lost);
        buffer.Accept(1, P(1), 2, null);
        Assert.Equal(1, buffer.Counters.Late);
        buffer.Accept(unchecked((uint)-5000), P(0), 3, null);
        Assert.Equal(1, buffer.Counters.TooOld);
        Assert.Equal([0u, 1u], sink.Delivered);
    }
}
