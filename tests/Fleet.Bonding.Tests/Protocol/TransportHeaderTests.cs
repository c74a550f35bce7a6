using Fleet.Bonding.Protocol;

namespace Fleet.Bonding.Tests.Protocol;

public class TransportHeaderTests
{
    [Fact]
    public void Write_ThenTryRead_RoundTripsEveryField()
    {
        var header = new TransportHeader
        {
            Type = PacketType.Data, Flags = PacketFlags.Unordered | PacketFlags.Duplicate, LinkId = 5, KeyEpoch = 200,
            ReceiverSessionId = 0xDEADBEEF, Counter = 0x0102030405060708, LinkSeq = 77, GlobalSeq = uint.MaxValue,
            SendTimeUs = 123_456_789, EchoTimeUs = 987_654_321,
        };
        var datagram = new byte[TransportHeader.Size + 10 + BondingProtocol.TagSize];
        header.Write(datagram);

        Assert.Equal(ParseResult.Ok, TransportHeader.TryRead(datagram, out var read));
        Assert.Equal(header, read);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TransportHeader.Size)]
    [InlineData(TransportHeader.Size + BondingProtocol.TagSize - 1)]
    public void TryRead_Truncated_ReturnsTruncated(int length)
    {
        var datagram = new byte[length];
        if (length > 0)
        {
            datagram[0] = (byte)PacketType.Data;
        }

        Assert.Equal(ParseResult.Truncated, TransportHeader.TryRead(datagram, out _));
    }

    [Fact]
    public void TryRead_UnknownTypeOrBadLinkOrOversize_ReturnsFailureValue()
    {
        var datagram = new byte[64];
        datagram[0] = 99;
        Assert.Equal(ParseResult.UnknownType, TransportHeader.TryRead(datagram, out _));

        datagram[0] = (byte)PacketType.Probe;
        datagram[2] = BondingProtocol.MaxLinks;
        Assert.Equal(ParseResult.BadField, TransportHeader.TryRead(datagram, out _));

        var huge = new byte[BondingProtocol.MaxDatagram + 1];
        huge[0] = (byte)PacketType.Data;
        Assert.Equal(ParseResult.BadLength, TransportHeader.TryRead(huge, out _));
    }

    [Fact]
    public void FeedbackMessage_RoundTrip_KeepsEntries()
    {
        var payload = new byte[FeedbackMessage.SizeFor(2)];
        FeedbackMessage.WriteCount(payload, 2);
        var first = new FeedbackEntry { LinkId = 1, RxAgeMs = 12, HighestLinkSeq = 99, Packets = 1000, Bytes = 1_400_000, Lost = 3, OwdMinUs = -5000, OwdSmoothedUs = 7000, JitterUs = 250 };
        var second = first with { LinkId = 2, Lost = 0 };
        FeedbackMessage.WriteEntry(payload, 0, first);
        FeedbackMessage.WriteEntry(payload, 1, second);

        Assert.Equal(ParseResult.Ok, FeedbackMessage.TryRead(payload, out var count));
        Assert.Equal(2, count);
        Assert.Equal(first, FeedbackMessage.EntryAt(payload, 0));
        Assert.Equal(second, FeedbackMessage.EntryAt(payload, 1));
        Assert.Equal(ParseResult.Truncated, FeedbackMessage.TryRead(payload.AsSpan(0, payload.Length - 1), out _));
        payload[0] = 200;
        Assert.Equal(ParseResult.BadField, FeedbackMessage.TryRead(payload, out _));
    }

    [Fact]
    public void SerialNumber_AcrossWrap_ComparesByDistance()
    {
        Assert.True(SerialNumber.Greater(5u, uint.MaxValue - 5));
        Assert.Equal(11, SerialNumber.Diff(5u, uint.MaxValue - 5));
        Assert.Equal(-1, WireTime.Diff(uint.MaxValue, 0));
    }
}
