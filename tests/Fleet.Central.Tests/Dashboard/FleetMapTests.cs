using System.Text.RegularExpressions;
using System.Threading.Channels;
using Fleet.Central.Dashboard;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Dashboard;

public sealed class FleetMapTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task FleetMapFeed_BatchUploadedWhileSubscribed_PushesSnapshotWithTheVehicle()
    {
        var feed = central.App.Services.GetRequiredService<FleetMapFeed>();
        var pushed = Channel.CreateUnbounded<FleetSnapshot>();
        using var subscription = feed.Subscribe(snapshot => pushed.Writer.WriteAsync(snapshot).AsTask());
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-map-1");
        var drive = TestBatches.NorwayBus(30);

        await central.Agents.UploadBatchAsync(TestBatches.Encode(drive), agent.Credentials);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        VehicleMarker? marker = null;
        while (marker is null)
        {
            var snapshot = await pushed.Reader.ReadAsync(timeout.Token);
            marker = snapshot.Vehicles.SingleOrDefault(v => v.Name == "bus-map-1");
        }
        Assert.Equal(Guid.Parse(agent.VehicleId), marker.Id);
        Assert.Equal(drive[^1].Latitude, marker.Latitude, 7);
        Assert.Equal(drive[^1].Longitude, marker.Longitude, 7);
    }

    [Fact]
    public async Task MapPage_VehicleWithPosition_PrerendersMapContainerWithCount()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-map-2");
        await central.Agents.UploadBatchAsync(TestBatches.Encode(TestBatches.NorwayBus(5)), agent.Credentials);
        var expected = await central.ScalarAsync<long>("SELECT count(*) FROM vehicles WHERE last_position_at IS NOT NULL");
        await Task.Delay(600); // let the feed's refresh interval (500 ms in tests) pass so the page re-reads

        // The map needs a login (NOC or Admin): a NOC user created through the admin API, logged in by form.
        await Users.StaffLogin.CreateUserAsync(central, "noc-map@fleet.test", "NOC");
        using var noc = await Users.StaffLogin.LoggedInAsync(central, "noc-map@fleet.test");
        var html = await noc.GetStringAsync("/");

        Assert.Contains("data-testid=\"fleet-map\"", html);
        Assert.Contains($"data-vehicle-count=\"{expected}\"", html);
        Assert.Contains("data-tiles=\"off\"", html); // Dashboard:TileUrl empty: plain background
        // Every script and stylesheet is served by central itself (vendored), never from another host.
        var references = Regex.Matches(html, "<(?:script|link)[^>]+(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(references, r => r.Contains("leaflet", StringComparison.Ordinal));
        Assert.All(references, r => Assert.DoesNotMatch("^(https?:)?//", r));
    }
}
