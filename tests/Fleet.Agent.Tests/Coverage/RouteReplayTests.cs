using Fleet.Agent.Coverage;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Gps;
using Fleet.Agent.Sync;
using Fleet.Agent.Tests.Modems;
using Fleet.Bonding;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.Coverage;

/// <summary>
/// Replays a real bus route (Telenor 3G log, Ljansbakken → Oslo) through the agent's coverage hints and
/// the real bonding engine. Telia has a dead spot along the route, Telenor has none; the cells come over
/// real gRPC. The engine's weight for the Telia link must drop before the bus reaches the dead spot, and
/// Telenor's must not.
/// </summary>
public sealed class RouteReplayTests
{
    private const double CellSize = 400;
    private const int DeadFrom = 300, DeadTo = 340;

    [Fact]
    public async Task Replay_NorwayBusWithTeliaDeadSpot_TeliaWeightDropsBeforeTheSpot()
    {
        var track = SyntheticGrid.NorwayBusLap();
        Assert.True(track.Count > DeadTo + 20, $"lap has {track.Count} points");
        var cells = SyntheticGrid.Build(track, CellSize, i =>
        [
            ("Telenor", 4_000u, false),
            i is >= DeadFrom and < DeadTo ? ("Telia", 0u, true) : ("Telia", 3_000u, false),
        ]);
        var deadCells = cells.Where(c => c.Carrier == "Telia" && c.OutageFraction >= 0.5 && c.Samples >= 5).ToList();
        Assert.NotEmpty(deadCells);
        // Where the bus first enters a dead Telia cell (the cell whose samples made it dead).
        var enters = Enumerable.Range(0, track.Count).First(i => deadCells.Any(c => c.CellId == CellIdOf(track[i])));

        await using var gateway = await CoverageGateway.StartAsync(CellSize, cells);
        using var channel = GrpcChannel.ForAddress(gateway.Address);
        var central = new CentralConnection(new AgentGatewayService.Client(channel.CreateCallInvoker()),
            new DeviceIdentity("dev-1", "s3cret", "veh-1", "Bus 12", "k", "p"));
        var clock = new ManualClock(track[0].Time);
        // Deadlines are on the channel's (real) clock; the replay's own clock is the manual one.
        var provider = new CoverageHintProvider(new GrpcCoverageSource(central, TimeProvider.System),
            Options.Create(new CoverageHintOptions()), clock, NullLogger<CoverageHintProvider>.Instance);
        provider.SetLinkCarriers(0, "Telenor", "24201");
        provider.SetLinkCarriers(1, "Telia", "24202");

        using var bond = new BondPair(2, clock, new BondingOptions { DeadSpotWeightFactor = 0.1 });
        bond.Client.HintSource = provider;
        bond.Establish();

        var ratio = new Dictionary<int, double>();       // Telia / Telenor effective rate, per track index
        var telenorPenalised = new List<int>();
        for (var i = 0; i <= enters; i++)
        {
            var lag = track[i].Time - clock.GetUtcNow();
            if (lag > TimeSpan.Zero)
                bond.Run(lag, TimeSpan.FromMilliseconds(10));
            provider.UpdatePosition(new GpsFix(track[i].Time, track[i].Lat, track[i].Lon, null, null, null, GpsFixMode.Fix3D, 8, 1.0));
            await provider.RefreshIfDueAsync(default);
            bond.Run(TimeSpan.FromMilliseconds(1_100), TimeSpan.FromMilliseconds(10)); // past the next weight recomputation
            var links = bond.Client.Snapshot().Links;
            var telenor = links.Single(l => l.LinkId == 0);
            var telia = links.Single(l => l.LinkId == 1);
            ratio[i] = telia.EffectiveRateBitsPerSecond / telenor.EffectiveRateBitsPerSecond;
            if (telenor.Hint.DeadSpotAhead || telenor.Hint.Quality < 1)
                telenorPenalised.Add(i);
        }

        var secondsAt = (int i) => (track[i].Time - track[0].Time).TotalSeconds;
        var metresTo = (int i) => Fleet.Agent.Tracks.Geo.DistanceM(track[i].Lat, track[i].Lon, track[enters].Lat, track[enters].Lon);
        var dropped = ratio.Where(r => r.Value < 0.3).Select(r => r.Key).Order().ToList();
        Assert.NotEmpty(dropped);
        var lead = secondsAt(enters) - secondsAt(dropped[0]);
        Assert.True(lead >= 10, $"Telia weight dropped only {lead} s before the dead spot (index {dropped[0]} vs {enters})");
        // On the final approach (the last 20 s) Telia stays down-weighted without a gap.
        Assert.All(ratio.Keys.Where(i => secondsAt(enters) - secondsAt(i) <= 20),
            i => Assert.True(ratio[i] < 0.3, $"ratio {ratio[i]:0.00} at index {i}, {secondsAt(enters) - secondsAt(i)} s before the spot"));
        // Far away (beyond 45 s at 20 m/s plus a cell) nothing is penalised: the hint is about what is ahead, not a constant.
        var far = ratio.Keys.Where(i => metresTo(i) > 1_300).ToList();
        Assert.NotEmpty(far);
        Assert.All(far, i => Assert.True(ratio[i] > 0.7, $"Telia penalised {metresTo(i):0} m before the spot ({ratio[i]:0.00})"));
        Assert.Empty(telenorPenalised);
        Assert.NotEmpty(gateway.Requests);
    }

    private static string CellIdOf(TrackPoint p)
    {
        const double r = 6_378_137;
        var x = r * double.DegreesToRadians(p.Lon);
        var y = r * Math.Log(Math.Tan((Math.PI / 4) + (double.DegreesToRadians(p.Lat) / 2)));
        return $"{CellSize}:{(long)Math.Floor(x / CellSize)}:{(long)Math.Floor(y / CellSize)}";
    }
}
