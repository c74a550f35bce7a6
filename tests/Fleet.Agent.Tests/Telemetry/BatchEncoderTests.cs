using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;
using Google.Protobuf;

namespace Fleet.Agent.Tests.Telemetry;

public class BatchEncoderTests
{
    private static TelemetryBatch RoundTripBytes(TelemetryBatch batch) => TelemetryBatch.Parser.ParseFrom(batch.ToByteArray());

    [Fact]
    public void Encode_PositionsWithNegativeCoordinatesAndGaps_DecodesExactly()
    {
        var positions = new List<TelemetrySample>
        {
            new PositionSample(1_700_000_000_000, -338_688_000, 1_512_093_000, -125, 1234, 35_999, 3, 9, 87),
            new PositionSample(1_700_000_001_000, -338_688_150, 1_512_092_800, -124, 1300, 0, 3, 9, 88),
            // 47 s gap (tunnel), then a no-fix sample and a 2D fix across the antimeridian.
            new PositionSample(1_700_000_048_000, -338_688_150, 1_512_092_800, -124, 0, 0, 1, 0, 0),
            new PositionSample(1_700_000_049_000, 899_999_999, -1_799_999_999, 88_480, 0, 12_000, 2, 4, 250),
            new PositionSample(1_700_000_050_000, -900_000_000, 1_800_000_000, -4_000, 4_000_000, 1, 3, 40, 9999),
        };

        var batch = RoundTripBytes(BatchEncoder.Encode("b1", 7, 1_700_000_000_000, 1_700_000_060_000, positions, "test"));
        var decoded = BatchDecoder.Decode(batch);

        Assert.Null(decoded.Error);
        Assert.Equal(positions, decoded.Positions);
        Assert.Empty(decoded.Links);
        Assert.Empty(decoded.Health);
        Assert.Equal(7u, batch.Sequence);
        Assert.Equal("b1", batch.BatchId);
    }

    [Fact]
    public void Encode_LinksAndHealth_DecodesExactlyPerSeries()
    {
        var samples = new List<TelemetrySample>();
        for (var i = 0; i < 30; i++)
        {
            var t = 1_700_000_000_000 + (i * 1000);
            samples.Add(new LinkSample("wwan1", t, (ulong)(i * 1000), (ulong)(i * 5000), 20_000, 45, 3, 250, LinkState.Up, -70 - i, -100 + i, -105, 130 - (i * 7), AccessTech.Lte, 0x1A2B3C, RegistrationState.RegistrationHome, "8947", "Telia", "24491"));
            samples.Add(new LinkSample("wwan0", t + 3, 1, 2, 0, 0, 1000, 0, LinkState.Down, -113, -140, -200, -200, AccessTech.Unknown, 0, RegistrationState.RegistrationSearching));
            if (i % 10 == 0)
            {
                samples.Add(new HealthSample(t, 612 + i, -15, 333, 512, 100_000UL - (ulong)i, 1, (uint)i));
            }
        }

        var decoded = BatchDecoder.Decode(RoundTripBytes(BatchEncoder.Encode("b2", 1, 0, 1, samples, "test")));

        Assert.Null(decoded.Error);
        Assert.Equal(samples.OfType<LinkSample>().Where(l => l.LinkName == "wwan0"), decoded.Links.Where(l => l.LinkName == "wwan0"));
        Assert.Equal(samples.OfType<LinkSample>().Where(l => l.LinkName == "wwan1"), decoded.Links.Where(l => l.LinkName == "wwan1"));
        Assert.Equal(samples.OfType<HealthSample>(), decoded.Health);
        Assert.Empty(decoded.Positions);
    }

    [Fact]
    public void Encode_NoSamples_HasNoSeries()
    {
        var batch = RoundTripBytes(BatchEncoder.Encode("empty", 2, 10, 20, [], "test"));
        var decoded = BatchDecoder.Decode(batch);

        Assert.Null(batch.Positions);
        Assert.Empty(batch.Links);
        Assert.Null(batch.Health);
        Assert.Null(decoded.Error);
        Assert.Empty(decoded.All);
    }

    [Fact]
    public void Encode_SlowChangingPositions_AreSmallerThanAbsoluteValues()
    {
        var samples = Enumerable.Range(0, 600)
            .Select(i => (TelemetrySample)new PositionSample(1_700_000_000_000 + (i * 1000L), 601_700_000 + (i * 30), 249_400_000 + (i * 20), 150, 1000, 9000, 3, 10, 90))
            .ToList();

        var bytes = BatchEncoder.Encode("b", 1, 0, 1, samples, "t").ToByteArray().Length;

        // Each fix costs ~12 bytes delta-encoded versus ~30 as absolute varints.
        Assert.True(bytes < 600 * 16, $"batch is {bytes} bytes");
    }

    [Fact]
    public void Decode_RaggedSeries_ReturnsErrorInsteadOfThrowing()
    {
        var batch = BatchEncoder.Encode("b", 1, 0, 1, [new PositionSample(1, 2, 3, 4, 5, 6, 3, 7, 8)], "t");
        batch.Positions.LatE7Delta.Add(5);

        Assert.Equal("positions: series have different lengths", BatchDecoder.Decode(batch).Error);
    }
}
