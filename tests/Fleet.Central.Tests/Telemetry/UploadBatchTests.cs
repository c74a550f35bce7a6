using Fleet.Central.Tests.Infrastructure;
using Fleet.Grpc;

namespace Fleet.Central.Tests.Telemetry;

public sealed class UploadBatchTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task UploadBatch_RecordedDrive_StoresPositionsLinksAndHealth()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-1");
        var drive = TestBatches.NorwayBus(120, skip: 50);
        var batch = TestBatches.Encode(drive);

        var response = await central.Agents.UploadBatchAsync(batch, agent.Credentials);

        Assert.False(response.Duplicate);
        Assert.Equal(batch.BatchId, response.BatchId);
        Assert.Equal((uint)drive.Count, response.PositionsStored);
        var batchId = Guid.Parse(batch.BatchId);
        Assert.Equal(drive.Count, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE batch_id = $1", batchId));
        Assert.Equal(drive.Count, await central.ScalarAsync<long>("SELECT count(*) FROM link_samples WHERE batch_id = $1", batchId));
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM health_samples WHERE batch_id = $1", batchId));
        // Decoded values, not just row counts: the last fix and the measured rate of a middle sample.
        Assert.Equal(drive[^1].Latitude, await central.ScalarAsync<double>(
            "SELECT ST_Y(geom) FROM positions WHERE batch_id = $1 ORDER BY time DESC LIMIT 1", batchId), 7);
        Assert.Equal(drive[^1].Longitude, await central.ScalarAsync<double>(
            "SELECT ST_X(geom) FROM positions WHERE batch_id = $1 ORDER BY time DESC LIMIT 1", batchId), 7);
        Assert.Equal((int)drive[60].RateKbps, await central.ScalarAsync<int>(
            "SELECT rate_kbps FROM link_samples WHERE batch_id = $1 AND time = $2", batchId,
            DateTimeOffset.FromUnixTimeMilliseconds(drive[60].UnixMs)));
        Assert.Equal(51.2, await central.ScalarAsync<double>("SELECT cpu_temp_c FROM health_samples WHERE batch_id = $1", batchId), 3);
    }

    [Fact]
    public async Task UploadBatch_SameBatchTwice_StoredOnceAndSecondIsDuplicate()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-2");
        var batch = TestBatches.Encode(TestBatches.NorwayBus(30));

        var first = await central.Agents.UploadBatchAsync(batch, agent.Credentials);
        var second = await central.Agents.UploadBatchAsync(batch, agent.Credentials);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.PositionsStored, second.PositionsStored);
        var batchId = Guid.Parse(batch.BatchId);
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM telemetry_batches WHERE batch_id = $1", batchId));
        Assert.Equal(30, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE batch_id = $1", batchId));
    }

    [Fact]
    public async Task UploadBatch_SameBatchConcurrently_StoredOnce()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-3");
        var batch = TestBatches.Encode(TestBatches.NorwayBus(200));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(async _ => await central.Agents.UploadBatchAsync(batch, agent.Credentials)));

        Assert.Equal(1, responses.Count(r => !r.Duplicate));
        Assert.Equal(200, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE batch_id = $1", Guid.Parse(batch.BatchId)));
    }

    [Fact]
    public async Task UploadBatch_Latitude123_InvalidArgumentAndNothingStored()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-4");
        var drive = TestBatches.NorwayBus(20).ToList();
        drive[10] = drive[10] with { Latitude = 123 };
        var batch = TestBatches.Encode(drive);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await central.Agents.UploadBatchAsync(batch, agent.Credentials));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("sample 10 latitude 123", error.Status.Detail);
        var batchId = Guid.Parse(batch.BatchId);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM telemetry_batches WHERE batch_id = $1", batchId));
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE batch_id = $1", batchId));
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM link_samples WHERE batch_id = $1", batchId));
    }

    [Fact]
    public async Task UploadBatch_SeriesLengthsDiffer_InvalidArgument()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-5");
        var batch = TestBatches.Encode(TestBatches.NorwayBus(20));
        batch.Positions.LonE7Delta.RemoveAt(19);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await central.Agents.UploadBatchAsync(batch, agent.Credentials));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("lon_e7_delta has 19 values but time_delta_ms has 20", error.Status.Detail);
    }

    [Fact]
    public async Task UploadBatch_TimestampAnHourAhead_InvalidArgument()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-6");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var drive = TestBatches.NorwayBus(10).Select((s, i) => s with { UnixMs = now + 3_600_000 + i * 1000 }).ToList();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.UploadBatchAsync(TestBatches.Encode(drive), agent.Credentials));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("in the future", error.Status.Detail);
    }

    [Fact]
    public async Task UploadBatch_NewerFixes_MoveVehicleLastPositionAndDeviceLastSeen()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-upload-7");
        var drive = TestBatches.NorwayBus(200);
        var vehicleId = Guid.Parse(agent.VehicleId);

        await central.Agents.UploadBatchAsync(TestBatches.Encode(drive.Skip(100).ToList()), agent.Credentials);
        // An older batch arriving later (backlog) must not move the marker back.
        await central.Agents.UploadBatchAsync(TestBatches.Encode(drive.Take(100).ToList()), agent.Credentials);

        Assert.Equal(drive[^1].Latitude, await central.ScalarAsync<double>("SELECT last_latitude FROM vehicles WHERE id = $1", vehicleId), 7);
        Assert.Equal(drive[^1].Longitude, await central.ScalarAsync<double>("SELECT last_longitude FROM vehicles WHERE id = $1", vehicleId), 7);
        var lastSeenAge = await central.ScalarAsync<double>(
            "SELECT extract(epoch FROM now() - last_seen_at) FROM devices WHERE id = $1", Guid.Parse(agent.DeviceId));
        Assert.InRange(lastSeenAge, -5, 60);
    }
}
