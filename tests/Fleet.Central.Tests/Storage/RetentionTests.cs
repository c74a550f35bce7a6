using Fleet.Central.Storage;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Storage;

public sealed class RetentionTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task RunAsync_ExpiredDay_DownsampledThenPartitionsDroppedRecentDayKept()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-retention-1");
        var vehicleId = Guid.Parse(agent.VehicleId);
        var old = TestBatches.NorwayBus(600); // 2010-09-28, ten minutes at 1 Hz
        await central.Agents.UploadBatchAsync(TestBatches.Encode(old), agent.Credentials);
        var now = DateTimeOffset.UtcNow;
        var recent = old.Select((s, i) => s with { UnixMs = now.AddMinutes(-30).ToUnixTimeMilliseconds() + i * 1000L }).ToList();
        await central.Agents.UploadBatchAsync(TestBatches.Encode(recent), agent.Credentials);
        var buckets = await central.ScalarAsync<long>(
            "SELECT count(DISTINCT floor(extract(epoch FROM time) / 30)) FROM positions WHERE vehicle_id = $1 AND time < '2011-01-01'", vehicleId);
        Assert.True(buckets >= 10, $"expected at least 10 buckets of 30 s in the recorded drive, got {buckets}");

        var result = await central.App.Services.GetRequiredService<RetentionService>().RunAsync(now, CancellationToken.None);

        Assert.Contains(new DateOnly(2010, 9, 28), result.DroppedDays);
        Assert.DoesNotContain(DateOnly.FromDateTime(now.UtcDateTime), result.DroppedDays);
        Assert.Equal(buckets, result.DownsampledPoints);
        Assert.Equal(buckets, await central.ScalarAsync<long>("SELECT count(*) FROM positions_downsampled WHERE vehicle_id = $1", vehicleId));
        foreach (var table in new[] { "positions_p20100928", "link_series_p20100928", "health_series_p20100928" })
            Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = $1", table));
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE vehicle_id = $1 AND time < '2011-01-01'", vehicleId));
        Assert.Equal(600, await central.ScalarAsync<long>("SELECT count(*) FROM positions WHERE vehicle_id = $1 AND time > '2011-01-01'", vehicleId));

        // Each kept point is the first fix of its bucket: the track's start is exactly where the drive began.
        var tracks = central.App.Services.GetRequiredService<TrackQuery>();
        var from = DateTimeOffset.FromUnixTimeMilliseconds(old[0].UnixMs).AddHours(-1);
        var track = await tracks.GetTrackAsync(vehicleId, from, from.AddHours(3), CancellationToken.None);
        Assert.True(track.Succeeded);
        Assert.Equal(buckets, track.Value.Count);
        Assert.All(track.Value, p => Assert.True(p.Downsampled));
        Assert.Equal(old[0].Latitude, track.Value[0].Latitude, 6);
        Assert.Equal(old[0].Longitude, track.Value[0].Longitude, 6);

        // A second pass has nothing left to do; a late backlog batch for the expired day is accepted again.
        var again = await central.App.Services.GetRequiredService<RetentionService>().RunAsync(now, CancellationToken.None);
        Assert.Empty(again.DroppedDays);
        var late = await central.Agents.UploadBatchAsync(TestBatches.Encode(TestBatches.NorwayBus(30, skip: 700)), agent.Credentials);
        Assert.Equal(30u, late.PositionsStored);
    }

    [Fact]
    public async Task GetTrackAsync_RecentDrive_RawPointsInTimeOrder()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-retention-2");
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var drive = TestBatches.NorwayBus(300).Select((s, i) => s with { UnixMs = start.ToUnixTimeMilliseconds() + i * 1000L }).ToList();
        await central.Agents.UploadBatchAsync(TestBatches.Encode(drive), agent.Credentials);

        var track = await central.App.Services.GetRequiredService<TrackQuery>()
            .GetTrackAsync(Guid.Parse(agent.VehicleId), start.AddMinutes(-1), start.AddHours(1), CancellationToken.None);

        Assert.True(track.Succeeded);
        Assert.Equal(300, track.Value.Count);
        Assert.All(track.Value, p => Assert.False(p.Downsampled));
        Assert.Equal(drive.Select(d => d.Latitude), track.Value.Select(p => Math.Round(p.Latitude, 7)));
        Assert.Equal(drive.Select(d => d.UnixMs), track.Value.Select(p => p.Time.ToUnixTimeMilliseconds()));
    }
}
