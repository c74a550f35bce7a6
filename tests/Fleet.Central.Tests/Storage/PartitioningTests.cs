using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Storage;

public sealed class PartitioningTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Theory]
    [InlineData("positions", "time", "(vehicle_id, \"time\", id)")]
    [InlineData("link_series", "start_at", "(vehicle_id, start_at, batch_id, series_no)")]
    [InlineData("health_series", "start_at", "(vehicle_id, start_at, batch_id)")]
    public async Task Migrations_Applied_SampleTablePartitionedByTimeWithVehicleKey(string table, string partitionColumn, string key)
    {
        Assert.Equal("r", await central.ScalarAsync<string>(
            "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = $1::regclass", table));
        Assert.Equal(partitionColumn, await central.ScalarAsync<string>(
            "SELECT a.attname::text FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = $1::regclass",
            table));
        Assert.Contains(key, await central.ScalarAsync<string>(
            "SELECT pg_get_indexdef(conindid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'", table));
    }

    [Fact]
    public async Task Startup_MaintenanceJob_CreatesPartitionsAhead()
    {
        // The job ran at startup, minutes ago at most: if midnight passed since, its "in a week" is a day earlier.
        var inAWeek = DateTime.UtcNow.AddMinutes(-10).Date.AddDays(7).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await central.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = $1", $"positions_p{inAWeek}") == 1)
                break;
            await Task.Delay(100);
        }
        foreach (var table in new[] { "positions", "link_series", "health_series" })
            Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = $1", $"{table}_p{inAWeek}"));
    }

    [Fact]
    public async Task UploadBatch_DayWithoutPartition_PartitionsCreatedAndAllThreeKindsStoredThere()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-partition-1");
        var drive = TestBatches.NorwayBus(120); // recorded 2010-09-28: long before any partition made ahead
        var batch = TestBatches.Encode(drive);

        var response = await central.Agents.UploadBatchAsync(batch, agent.Credentials);

        Assert.Equal(120u, response.PositionsStored);
        var batchId = Guid.Parse(batch.BatchId);
        Assert.Equal(120, await central.ScalarAsync<long>("SELECT count(*) FROM positions_p20100928 WHERE batch_id = $1", batchId));
        Assert.Equal(120, await central.ScalarAsync<long>("SELECT sum(sample_count) FROM link_series_p20100928 WHERE batch_id = $1", batchId));
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT sum(sample_count) FROM health_series_p20100928 WHERE batch_id = $1", batchId));
    }
}
