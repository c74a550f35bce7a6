using System.Diagnostics;
using Fleet.Agent.Bonding;
using Fleet.Agent.Config;
using Fleet.Agent.Coverage;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Gps;
using Fleet.Agent.Sync;
using Fleet.Agent.Tests.Coverage;
using Fleet.Agent.Tracks;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Tun;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests.Bonding;

/// <summary>
/// The daemon's data plane with coverage hints wired in, end to end on real sockets: a real bus route (Telenor 3G
/// log, Ljansbakken → Oslo) replayed ten times faster than driven, Telia dead along one stretch of it in the
/// coverage grid; the cells come from GetRouteCoverage over real gRPC (the hand-written AgentGateway on loopback,
/// not central with PostgreSQL), the tunnels run to a real UDP bonding server. The scheduler's weight for the Telia
/// uplink must fall while the bus is still approaching the dead spot, and Telenor's must not.
/// </summary>
public sealed class VehicleTunnelsTests(ITestOutputHelper output)
{
    private const double CellSize = 400;
    private const int DeadFrom = 300, DeadTo = 340;
    private const int ReplaySpeed = 10;

    [Fact]
    public async Task RunAsync_RouteWithTeliaDeadSpot_TeliaWeightDropsBeforeTheBusGetsThere()
    {
        var track = SyntheticGrid.NorwayBusLap();
        var cells = SyntheticGrid.Build(track, CellSize, i =>
        [
            ("Telenor", 4_000u, false),
            i is >= DeadFrom and < DeadTo ? ("Telia", 0u, true) : ("Telia", 3_000u, false),
        ]);
        var deadCellIds = cells.Where(c => c.Carrier == "Telia" && c.OutageFraction >= 0.5).Select(c => c.CellId).ToHashSet();
        var enters = Enumerable.Range(0, track.Count).First(i => deadCellIds.Contains(SyntheticGridCellId(track[i])));
        const int start = 0; // the lap's start, about 2.4 km and five minutes of driving before the spot

        using var agentKey = StaticKeyPair.Generate();
        using var tun = new MemoryTunDevice("cli");
        await using var central = await CoverageGateway.StartAsync(CellSize, cells);
        await using var server = new LoopbackAggregator("a", agentKey.PublicKey, "10.10.0.0/24");
        central.Push(new Assignment { VehicleId = "veh-1", Revision = 1, Primary = server.Describe() });
        using var channel = CentralConnection.CreateChannel(central.Address.ToString());
        var connection = new CentralConnection(new AgentGatewayService.Client(channel.CreateCallInvoker()),
            new DeviceIdentity("dev-1", "s3cret", "veh-1", "Bus 12", "k", "p"));
        using var watcher = new AssignmentWatcher(connection, NullLogger<AssignmentWatcher>.Instance, TimeProvider.System);
        var hintOptions = new CoverageHintOptions();
        var hints = new CoverageHintProvider(new GrpcCoverageSource(connection, TimeProvider.System), Options.Create(hintOptions),
            TimeProvider.System, NullLogger<CoverageHintProvider>.Instance);
        List<UplinkOptions> uplinks =
        [
            new() { Name = "telenor", Interface = "lo", SourceAddress = "127.0.0.1", Carriers = ["Telenor", "24201"] },
            new() { Name = "telia", Interface = "lo", SourceAddress = "127.0.0.1", Carriers = ["Telia", "24202"] },
        ];
        var tunnels = new AssignedTunnels(tun, agentKey, VehicleTunnels.UplinkSpecs(uplinks),
            new BondingOptions { DeadSpotWeightFactor = hintOptions.DeadSpotMultiplier }, TimeSpan.FromSeconds(60), TimeProvider.System, NullLoggerFactory.Instance);
        var vehicle = new VehicleTunnels(tunnels, hints, uplinks);
        using var stop = new CancellationTokenSource();
        var loops = new[] { watcher.RunWatchAsync(stop.Token), vehicle.RunAsync(watcher, stop.Token) };
        await using var traffic = new VehicleTraffic(tun, TimeSpan.FromMilliseconds(20));
        await WaitEstablishedAsync(tunnels);

        // Replay: one fix per route second, ten route seconds per real second; after each, read what the scheduler holds.
        var seen = new List<(int Index, LinkSnapshot Telenor, LinkSnapshot Telia)>();
        for (var i = start; i <= enters; i++)
        {
            vehicle.OnFix(new GpsFix(track[i].Time, track[i].Lat, track[i].Lon, null, null, null, GpsFixMode.Fix3D, 8, 1.0));
            await Task.Delay(1_000 / ReplaySpeed);
            var links = tunnels.Client!.Snapshot().Links;
            seen.Add((i, links.Single(l => l.LinkId == 0), links.Single(l => l.LinkId == 1)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(30));

        double SecondsBefore(int i) => (track[enters].Time - track[i].Time).TotalSeconds;
        double MetresBefore(int i) => Geo.DistanceM(track[i].Lat, track[i].Lon, track[enters].Lat, track[enters].Lon);
        var lowered = seen.Where(s => s.Telia.Hint.DeadSpotAhead && s.Telia.EffectiveRateBitsPerSecond < 0.5 * s.Telenor.EffectiveRateBitsPerSecond).ToList();
        Assert.NotEmpty(lowered);
        var first = lowered[0];
        output.WriteLine($"Telia weight lowered {SecondsBefore(first.Index):0} s / {MetresBefore(first.Index):0} m before the dead spot " +
                         $"(effective rate Telia {first.Telia.EffectiveRateBitsPerSecond / 1e6:0.00} vs Telenor {first.Telenor.EffectiveRateBitsPerSecond / 1e6:0.00} Mbit/s); " +
                         $"coverage requests {central.Requests.Count}; replay {seen.Count} fixes from index {start} to {enters}");
        Assert.True(SecondsBefore(first.Index) >= 10, $"Telia weight fell only {SecondsBefore(first.Index)} s before the dead spot");
        Assert.True(MetresBefore(first.Index) >= 100, $"Telia weight fell only {MetresBefore(first.Index):0} m before the dead spot");
        // On the final approach (the last 20 s) Telia stays flagged without a gap, and Telenor is never touched.
        Assert.All(seen.Where(s => SecondsBefore(s.Index) <= 20), s => Assert.True(s.Telia.Hint.DeadSpotAhead, $"hint gone {SecondsBefore(s.Index)} s before the spot"));
        Assert.All(seen, s => Assert.Equal(LinkHint.Neutral, s.Telenor.Hint));
        // Far from the spot (beyond the look-ahead plus a cell) Telia was not penalised: the hint is about what is ahead.
        var far = seen.Where(s => MetresBefore(s.Index) > 1_500).ToList();
        Assert.NotEmpty(far);
        Assert.All(far, s => Assert.False(s.Telia.Hint.DeadSpotAhead, $"Telia flagged {MetresBefore(s.Index):0} m before the spot"));
        Assert.NotEmpty(central.Requests);
    }

    private static async Task WaitEstablishedAsync(AssignedTunnels tunnels)
    {
        var deadline = Stopwatch.StartNew();
        while (tunnels.Client is not { IsEstablished: true } client || !client.Snapshot().Links.All(l => l.State == LinkState.Up))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "tunnels not established with both uplinks up in 60 s");
            await Task.Delay(20);
        }
    }

    private static string SyntheticGridCellId(Fleet.Agent.Tests.Coverage.TrackPoint p)
    {
        const double r = 6_378_137;
        var x = r * double.DegreesToRadians(p.Lon);
        var y = r * Math.Log(Math.Tan((Math.PI / 4) + (double.DegreesToRadians(p.Lat) / 2)));
        return $"{CellSize}:{(long)Math.Floor(x / CellSize)}:{(long)Math.Floor(y / CellSize)}";
    }
}
