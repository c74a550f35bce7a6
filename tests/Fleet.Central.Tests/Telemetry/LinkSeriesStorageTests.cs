using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Telemetry;

/// <summary>Link samples are stored as series rows (arrays per link and UTC day) and read back through the
/// link_samples view one row per sample.</summary>
public sealed class LinkSeriesStorageTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task UploadBatch_AcrossUtcMidnight_OneSeriesRowPerDayInItsPartitionAndViewShowsEverySample()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-series-1");
        // A recorded drive moved to straddle 2010-09-29 00:00 UTC: 90 s before midnight, 30 s after.
        var midnight = new DateTimeOffset(2010, 9, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var drive = TestBatches.NorwayBus(120).Select((s, i) => s with { UnixMs = midnight - 90_000 + i * 1000L }).ToList();
        var batch = TestBatches.Encode(drive);

        await central.Agents.UploadBatchAsync(batch, agent.Credentials);

        var batchId = Guid.Parse(batch.BatchId);
        Assert.Equal(90, await central.ScalarAsync<long>("SELECT sum(sample_count) FROM link_series_p20100928 WHERE batch_id = $1", batchId));
        Assert.Equal(30, await central.ScalarAsync<long>("SELECT sum(sample_count) FROM link_series_p20100929 WHERE batch_id = $1", batchId));
        Assert.Equal(2, await central.ScalarAsync<long>("SELECT count(*) FROM link_series WHERE batch_id = $1", batchId));
        // Each row is time-ordered and bounded by its own samples; the totals are the sums of its samples.
        Assert.Equal(0, await central.ScalarAsync<long>(
            """
            SELECT count(*) FROM link_series
            WHERE batch_id = $1 AND (start_at <> times[1] OR end_at <> times[cardinality(times)]
                OR tx_bytes_total <> (SELECT coalesce(sum(x), 0) FROM unnest(tx_bytes) x))
            """, batchId));
        // The view gives back every sample with its own time and value, in order.
        var rates = await central.ScalarAsync<string>(
            "SELECT string_agg(rate_kbps::text, ',' ORDER BY time) FROM link_samples WHERE batch_id = $1", batchId);
        Assert.Equal(string.Join(',', drive.Select(d => d.RateKbps)), rates);
        Assert.Equal(drive[^1].UnixMs, await central.ScalarAsync<long>(
            "SELECT (extract(epoch FROM max(time)) * 1000)::bigint FROM link_samples WHERE batch_id = $1", batchId));
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM health_samples WHERE batch_id = $1", batchId));
    }
}
