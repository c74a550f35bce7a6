using Fleet.Agent.Coverage;
using Fleet.Agent.Gps;
using Fleet.Agent.Tests.Modems;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.Coverage;

/// <summary>The look-ahead logic on a synthetic straight drive north at 10 m/s.</summary>
public sealed class CoverageHintProviderTests
{
    private const double StartLat = 59.90, StartLon = 10.75, Speed = 10;
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private sealed class ListSource(Func<RouteCoverage> cells) : ICoverageSource
    {
        public int Calls;
        public bool Fail;

        public Task<RouteCoverage> GetRouteCoverageAsync(IReadOnlyList<(double Lat, double Lon)> route, double corridorM, CancellationToken cancellationToken)
        {
            Calls++;
            return Fail ? Task.FromException<RouteCoverage>(new HttpRequestException("central unreachable")) : Task.FromResult(cells());
        }
    }

    private static (double Lat, double Lon) North(double metres) => DeadReckoning.Project(StartLat, StartLon, 0, metres);

    private static GpsFix FixAt(int second) =>
        new(Start.AddSeconds(second), North(second * Speed).Lat, North(second * Speed).Lon, null, Speed, 0, GpsFixMode.Fix3D, 9, 0.9);

    private static RouteCoverage DeadTeliaAt(double metresNorth, uint samples = 40)
    {
        var (lat, lon) = North(metresNorth);
        return new RouteCoverage(400,
        [
            new RouteCell("400:1:1", "Telia", lat, lon, samples, 0, 0, 0.9),
            new RouteCell("400:1:2", "Telenor", lat, lon, samples, 3000, 5000, 0.0),
        ]);
    }

    private static (CoverageHintProvider Provider, ManualClock Clock) Create(ICoverageSource source, CoverageHintOptions? options = null)
    {
        var clock = new ManualClock(Start);
        var provider = new CoverageHintProvider(source, Options.Create(options ?? new CoverageHintOptions()), clock, NullLogger<CoverageHintProvider>.Instance);
        provider.SetLinkCarriers(0, "Telenor", "24201");
        provider.SetLinkCarriers(1, "24202", "TELIA"); // names match case-insensitively, any alias…
        provider.SetLinkCarriers(2, "Telia");  // …or by name
        return (provider, clock);
    }

    [Fact]
    public async Task GetHint_DeadCellOnPath_FlaggedOnlyWithinLookahead()
    {
        var source = new ListSource(() => DeadTeliaAt(1_500));
        var (provider, clock) = Create(source);
        var radius = DeadReckoning.CellRadiusM(400, StartLat) + new CoverageHintOptions().PositionToleranceM;
        int? firstFlagged = null;

        for (var second = 0; second <= 150; second++)
        {
            provider.UpdatePosition(FixAt(second));
            await provider.RefreshIfDueAsync(default);
            if (firstFlagged is null && provider.GetHint(2).DeadSpotAhead)
                firstFlagged = second;
            Assert.False(provider.GetHint(0).DeadSpotAhead); // Telenor is fine there
            Assert.Equal(1.0, provider.GetHint(0).Quality);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Entering the cell's reach at (1500 − radius) m = second 150 − radius/10; flagged 45 s before that.
        var enters = (1_500 - radius) / Speed;
        Assert.NotNull(firstFlagged);
        Assert.InRange(firstFlagged.Value, enters - 46, enters - 44);
        Assert.True(provider.GetHint(1).DeadSpotAhead, "aliases are not matched case-insensitively");
        Assert.Equal(0.1, provider.GetOutlook("telia").Multiplier);
        Assert.True(source.Calls >= 2, "cells are re-fetched as the vehicle moves");
    }

    [Fact]
    public async Task GetHint_DeadCellBesideTheRoad_NotFlagged()
    {
        var (lat, lon) = DeadReckoning.Project(North(500).Lat, North(500).Lon, 90, 1_000); // 1 km east of the road
        var source = new ListSource(() => new RouteCoverage(400, [new RouteCell("x", "Telia", lat, lon, 50, 0, 0, 1.0)]));
        var (provider, clock) = Create(source);

        for (var second = 0; second <= 60; second++)
        {
            provider.UpdatePosition(FixAt(second));
            await provider.RefreshIfDueAsync(default);
            Assert.False(provider.GetHint(2).DeadSpotAhead, $"second {second}");
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task GetHint_TooFewSamples_Ignored()
    {
        var (provider, _) = Create(new ListSource(() => DeadTeliaAt(100, samples: 2)));

        provider.UpdatePosition(FixAt(0));
        await provider.RefreshIfDueAsync(default);

        Assert.False(provider.GetHint(2).DeadSpotAhead);
    }

    [Fact]
    public async Task GetHint_CentralUnreachable_KeepsCellsUntilTooOldThenNeutral()
    {
        var options = new CoverageHintOptions { FetchIntervalSeconds = 30, CellsMaxAgeSeconds = 120 };
        var source = new ListSource(() => DeadTeliaAt(300));
        var (provider, clock) = Create(source, options);
        provider.UpdatePosition(FixAt(0));
        Assert.True(await provider.RefreshIfDueAsync(default));
        Assert.True(provider.GetHint(2).DeadSpotAhead);

        // Parked just before the dead spot (speed 0); central goes away.
        source.Fail = true;
        var parked = FixAt(0) with { SpeedMps = 0, TrackDeg = null, Latitude = North(250).Lat, Longitude = North(250).Lon };
        clock.Advance(TimeSpan.FromSeconds(60));
        provider.UpdatePosition(parked with { Time = Start.AddSeconds(60) });
        Assert.False(await provider.RefreshIfDueAsync(default)); // fetch failed
        Assert.True(provider.GetHint(2).DeadSpotAhead);          // still standing in the dead cell's reach

        clock.Advance(TimeSpan.FromSeconds(90));                  // 150 s > CellsMaxAgeSeconds
        provider.UpdatePosition(parked with { Time = Start.AddSeconds(150) });
        Assert.False(provider.GetHint(2).DeadSpotAhead);
    }

    [Fact]
    public void GetHint_UnknownLinkOrNoFix_Neutral()
    {
        var (provider, _) = Create(new ListSource(() => DeadTeliaAt(100)));

        Assert.Equal(Fleet.Bonding.LinkHint.Neutral, provider.GetHint(7));
        Assert.Equal(Fleet.Bonding.LinkHint.Neutral, provider.GetHint(2));
    }

    [Fact]
    public void Validator_BadValues_NamesTheKeys()
    {
        var result = new CoverageHintOptionsValidator().Validate(null, new CoverageHintOptions { LookaheadSeconds = 0, CorridorM = 5_000 });

        Assert.True(result.Failed);
        Assert.Contains("LookaheadSeconds", result.FailureMessage);
        Assert.Contains("CorridorM", result.FailureMessage);
    }
}
