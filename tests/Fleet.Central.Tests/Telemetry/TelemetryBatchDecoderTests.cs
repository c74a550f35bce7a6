using Fleet.Central.Telemetry;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Telemetry;

namespace Fleet.Central.Tests.Telemetry;

public sealed class TelemetryBatchDecoderTests
{
    private static readonly TelemetryOptions Limits = new();
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_RecordedDrive_RestoresAbsoluteTimesAndCoordinates()
    {
        var drive = TestBatches.NorwayBus(50);

        var outcome = TelemetryBatchDecoder.Decode(TestBatches.Encode(drive), Limits, Now);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        var positions = outcome.Value.Positions;
        Assert.Equal(drive.Count, positions.Count);
        for (var i = 0; i < drive.Count; i++)
        {
            Assert.Equal(drive[i].UnixMs, positions[i].Time.ToUnixTimeMilliseconds());
            Assert.Equal(drive[i].Latitude, positions[i].Location.Latitude, 7);
            Assert.Equal(drive[i].Longitude, positions[i].Location.Longitude, 7);
        }
        Assert.Equal(drive.Select(s => (int?)(int)s.RateKbps), outcome.Value.LinkSamples.Select(s => s.RateKbps));
    }

    [Fact]
    public void Decode_SignalDeltas_AccumulateFromZero()
    {
        var batch = TestBatches.Encode(TestBatches.NorwayBus(3));
        var link = batch.Links[0];
        link.RsrpDbmDelta.Add([-95, 3, -10]);
        link.RsrqDb10Delta.Add([-105, 5, 0]);

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal(new short?[] { -95, -92, -102 }, outcome.Value.LinkSamples.Select(s => s.RsrpDbm));
        Assert.Equal(new float?[] { -10.5f, -10f, -10f }, outcome.Value.LinkSamples.Select(s => s.RsrqDb));
    }

    [Fact]
    public void Decode_SamplesWithoutFix_AreSkippedButKeepTheDeltaChain()
    {
        var drive = TestBatches.NorwayBus(4);
        var batch = TestBatches.Encode(drive);
        batch.Positions.FixMode[1] = 1;

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Equal(3, outcome.Value.Positions.Count);
        Assert.Equal(drive[3].Latitude, outcome.Value.Positions[2].Location.Latitude, 7);
    }

    [Theory]
    [InlineData("not-a-uuid", "batch_id")]
    [InlineData("", "batch_id")]
    public void Decode_BadBatchId_Refused(string batchId, string expected)
    {
        var batch = TestBatches.Encode(TestBatches.NorwayBus(2));
        batch.BatchId = batchId;

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.False(outcome.Succeeded);
        Assert.Contains(expected, outcome.Failure.Message);
    }

    [Fact]
    public void Decode_TooManyPositions_Refused()
    {
        var outcome = TelemetryBatchDecoder.Decode(
            TestBatches.Encode(TestBatches.NorwayBus(20)), new TelemetryOptions { MaxPositionsPerBatch = 10 }, Now);

        Assert.False(outcome.Succeeded);
        Assert.Contains("positions: 20 samples, at most 10", outcome.Failure.Message);
    }

    [Fact]
    public void Decode_LongitudeOutOfRange_Refused()
    {
        var batch = TestBatches.Encode(TestBatches.NorwayBus(3));
        batch.Positions.LonE7Delta[2] += 1_900_000_000;

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.False(outcome.Succeeded);
        Assert.Contains("sample 2 longitude", outcome.Failure.Message);
    }

    [Fact]
    public void Decode_ClockNotSet_Refused()
    {
        var batch = TestBatches.Encode(TestBatches.NorwayBus(3));
        batch.Positions.BaseUnixMs = 5_000;

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.False(outcome.Succeeded);
        Assert.Contains("clock not set", outcome.Failure.Message);
    }

    [Fact]
    public void Decode_OptionalColumnPartlyFilled_Refused()
    {
        var batch = TestBatches.Encode(TestBatches.NorwayBus(3));
        batch.Health.CpuLoadPermille.Add([1, 2]);

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.False(outcome.Succeeded);
        Assert.Contains("health: cpu_load_permille has 2 values but time_delta_ms has 1", outcome.Failure.Message);
    }

    [Fact]
    public void Decode_EmptyBatch_SucceedsWithNoRows()
    {
        var batch = new TelemetryBatch { BatchId = Guid.NewGuid().ToString(), StartUnixMs = Now.ToUnixTimeMilliseconds(), EndUnixMs = Now.ToUnixTimeMilliseconds() };

        var outcome = TelemetryBatchDecoder.Decode(batch, Limits, Now);

        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        Assert.Empty(outcome.Value.Positions);
        Assert.Empty(outcome.Value.LinkSamples);
        Assert.Empty(outcome.Value.HealthSamples);
    }
}
