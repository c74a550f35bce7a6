using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Storage;

public sealed class PartitioningTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Theory]
    [InlineData("positions")]
    [InlineData("link_samples")]
    [InlineData("health_samples")]
    public async Task Migrations_Applied_SampleTablePartitionedByTimeWithVehicleKey(string table)
    {
        Assert.Equal("r", await central.ScalarAsync<string>(
            "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = $1::regclass", table));
        Assert.Equal("time", await central.ScalarAsync<string>(
            "SELECT a.attname::text FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = $1::regclass",
            table));
        Assert.Contains("(vehicle_id, \"time\", id)", await central.ScalarAsync<string>(
            "SELECT pg_get_indexdef(conindid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'", table));
    }

    [Fact]
    public async Task Startup_MaintenanceJob_CreatesPartitionsAhead()
    {
        var inAWeek = DateTime.UtcNow.Date.AddDays(7).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await central.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = $1", $"positions_p{inAWeek}") == 1)
                break;
            await Task.Delay(100);
        }
        foreach (var table in new[] { "positions", "link_samples", "health_samples" })
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
        Assert.Equal(120, await central.ScalarAsync<long>("SELECT count(*) FROM link_samples_p20100928 WHERE batch_id = $1", batchId));
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM health_samples_p20100928 WHERE batch_id = $1", batchId));
    }
}
