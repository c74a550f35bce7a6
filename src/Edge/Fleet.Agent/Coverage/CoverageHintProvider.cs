using System.Collections.Concurrent;
using System.Collections.Immutable;
using Fleet.Agent.Gps;
using Fleet.Agent.Tracks;
using Fleet.Bonding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Coverage;

/// <summary>
/// Tells the bonding engine which carriers are about to lose coverage. It fetches central's coverage
/// cells along the road ahead (projected from the recent GPS heading and speed), and on every fix
/// projects the vehicle's path over the next LookaheadSeconds: a carrier with a known dead cell on that
/// path gets <see cref="LinkHint.DeadSpotAhead"/> (and a weak cell a lower quality) so the scheduler
/// moves traffic off it before the vehicle gets there, instead of after packets start disappearing.
/// <see cref="GetHint"/> only reads a precomputed snapshot: the engine calls it every second.
/// </summary>
public sealed partial class CoverageHintProvider(
    ICoverageSource source, IOptions<CoverageHintOptions> options, TimeProvider time, ILogger<CoverageHintProvider> logger) : ILinkHintSource
{
    private static readonly TimeSpan HeadingWindow = TimeSpan.FromSeconds(10);
    private const double MinHeadingDistanceM = 15;

    private readonly ConcurrentDictionary<int, string[]> _linkCarriers = new();
    private readonly Lock _fixLock = new();
    private readonly Queue<GpsFix> _recentFixes = new();
    private volatile FetchedCoverage? _coverage;

    // Signalled by a fix that leaves half the fetched route behind, so the fetch loop need not wait for its timer.
    private readonly SemaphoreSlim _refreshWanted = new(0, 1);
    private volatile ImmutableDictionary<string, CarrierOutlook> _outlooks =
        ImmutableDictionary<string, CarrierOutlook>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names a link's carrier may appear under in central's cells (operator name, MCC-MNC).</summary>
    public void SetLinkCarriers(int linkId, params string[] carrierNames) =>
        _linkCarriers[linkId] = carrierNames.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray();

    public void RemoveLink(int linkId) => _linkCarriers.TryRemove(linkId, out _);

    public LinkHint GetHint(int linkId)
    {
        if (!_linkCarriers.TryGetValue(linkId, out var carriers))
            return LinkHint.Neutral;
        var outlooks = _outlooks;
        var quality = 1.0;
        var dead = false;
        foreach (var carrier in carriers)
        {
            if (!outlooks.TryGetValue(carrier, out var outlook))
                continue;
            dead |= outlook.DeadSpotAhead;
            if (!outlook.DeadSpotAhead)
                quality = Math.Min(quality, outlook.Multiplier);
        }
        // A dead spot travels as the flag; the engine applies its DeadSpotWeightFactor to it.
        return new LinkHint(dead ? 1.0 : quality, dead);
    }

    /// <summary>The current expectation for one carrier (dashboard, logs, tests).</summary>
    public CarrierOutlook GetOutlook(string carrier) =>
        _outlooks.TryGetValue(carrier, out var outlook) ? outlook : CarrierOutlook.Clear(carrier);

    /// <summary>Feed every GPS fix; the outlook is recomputed from it.</summary>
    public void UpdatePosition(GpsFix fix)
    {
        if (!fix.HasPosition || !Geo.Plausible(fix.Latitude!.Value, fix.Longitude!.Value))
            return;
        lock (_fixLock)
        {
            _recentFixes.Enqueue(fix);
            while (_recentFixes.Count > 1 && fix.Time - _recentFixes.Peek().Time > HeadingWindow)
                _recentFixes.Dequeue();
        }
        Recompute();
        // No cells yet: fetch as soon as the fixes give a heading, not at the next 5 s tick (by then the bus
        // may be near the first dead spot). Otherwise when half the fetched route lies behind.
        if (_coverage is not { } coverage
            || Geo.DistanceM(coverage.OriginLat, coverage.OriginLon, fix.Latitude.Value, fix.Longitude.Value) > coverage.LengthM / 2)
            WantRefresh();
    }

    private void WantRefresh()
    {
        try
        {
            if (_refreshWanted.CurrentCount == 0)
                _refreshWanted.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Fetches cells for the route ahead when the last fetch is older than FetchIntervalSeconds or
    /// the vehicle has travelled half of the route it covered. Returns whether it fetched.</summary>
    public async Task<bool> RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled || CurrentMotion() is not { } motion)
            return false;
        var coverage = _coverage;
        var now = time.GetTimestamp();
        var due = coverage is null
            || time.GetElapsedTime(coverage.FetchedAt, now) >= TimeSpan.FromSeconds(o.FetchIntervalSeconds)
            || Geo.DistanceM(coverage.OriginLat, coverage.OriginLon, motion.Lat, motion.Lon) > coverage.LengthM / 2;
        if (!due)
            return false;

        var length = Math.Clamp(motion.SpeedMps * o.RouteAheadSeconds, o.MinRouteAheadM, o.MaxRouteAheadM);
        var route = motion.SpeedMps >= o.MinMovingSpeedMps
            ? DeadReckoning.RouteAhead(motion.Lat, motion.Lon, motion.HeadingDeg, length, o.RoutePointSpacingM)
            : [(motion.Lat, motion.Lon)];
        try
        {
            var cells = await source.GetRouteCoverageAsync(route, o.CorridorM, cancellationToken);
            _coverage = new FetchedCoverage(cells, now, motion.Lat, motion.Lon, motion.SpeedMps >= o.MinMovingSpeedMps ? length : o.MinRouteAheadM);
            LogFetched(logger, cells.Cells.Count, route.Count, length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Central unreachable: keep the cells we have until they are too old to trust.
            LogFetchFailed(logger, ex.Message);
            return false;
        }
        Recompute();
        return true;
    }

    /// <summary>The daemon loop: checks every few seconds whether a fetch is due, and at once when a fix has
    /// left half the fetched route behind.</summary>
    public async Task RunCoverageHintsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        try
        {
            var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            var wanted = _refreshWanted.WaitAsync(cancellationToken);
            while (true)
            {
                await RefreshIfDueAsync(cancellationToken);
                await Task.WhenAny(tick, wanted);
                if (tick.IsCompleted)
                {
                    if (!await tick)
                        return;
                    tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                }
                if (wanted.IsCompleted)
                {
                    await wanted;
                    wanted = _refreshWanted.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private void Recompute()
    {
        var o = options.Value;
        var coverage = _coverage;
        var fresh = ImmutableDictionary<string, CarrierOutlook>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);
        if (!o.Enabled || coverage is null || CurrentMotion() is not { } motion
            || time.GetElapsedTime(coverage.FetchedAt) > TimeSpan.FromSeconds(o.CellsMaxAgeSeconds))
        {
            Publish(fresh);
            return;
        }

        // The path over the look-ahead, one point per second (standing: just here).
        var moving = motion.SpeedMps >= o.MinMovingSpeedMps;
        var path = new List<(double Lat, double Lon)>();
        for (var t = 0; t <= (moving ? o.LookaheadSeconds : 0); t++)
            path.Add(moving ? DeadReckoning.Project(motion.Lat, motion.Lon, motion.HeadingDeg, motion.SpeedMps * t) : (motion.Lat, motion.Lon));
        var reach = (moving ? motion.SpeedMps * o.LookaheadSeconds : 0) + o.PositionToleranceM;

        var builder = fresh.ToBuilder();
        foreach (var cell in coverage.Cells.Cells)
        {
            if (cell.Samples < o.MinSamples)
                continue;
            var dead = cell.OutageFraction >= o.OutageFractionThreshold || cell.ThroughputP10Kbps <= o.DeadThroughputP10Kbps;
            var weak = !dead && cell.ThroughputP10Kbps < o.WeakThroughputP10Kbps;
            if (!dead && !weak)
                continue;
            var radius = DeadReckoning.CellRadiusM(coverage.Cells.CellSizeM, cell.CenterLat) + o.PositionToleranceM;
            if (Geo.DistanceM(motion.Lat, motion.Lon, cell.CenterLat, cell.CenterLon) > reach + radius)
                continue;
            int? enters = null;
            for (var t = 0; t < path.Count; t++)
            {
                if (DeadReckoning.DistanceM(path[t], cell.CenterLat, cell.CenterLon) <= radius)
                {
                    enters = t;
                    break;
                }
            }
            if (enters is not { } seconds)
                continue;
            var candidate = dead
                ? new CarrierOutlook(cell.Carrier, o.DeadSpotMultiplier, true, seconds, cell.CellId)
                : new CarrierOutlook(cell.Carrier, o.WeakMultiplier, false, null, cell.CellId);
            if (!builder.TryGetValue(cell.Carrier, out var current) || Worse(candidate, current))
                builder[cell.Carrier] = candidate;
        }
        Publish(builder.ToImmutable());
    }

    private static bool Worse(CarrierOutlook candidate, CarrierOutlook current) =>
        candidate.DeadSpotAhead != current.DeadSpotAhead
            ? candidate.DeadSpotAhead
            : candidate.DeadSpotAhead
                ? candidate.SecondsToDeadSpot < current.SecondsToDeadSpot
                : candidate.Multiplier < current.Multiplier;

    private void Publish(ImmutableDictionary<string, CarrierOutlook> outlooks)
    {
        var previous = _outlooks;
        _outlooks = outlooks;
        foreach (var (carrier, outlook) in outlooks)
        {
            if (outlook.DeadSpotAhead && !(previous.TryGetValue(carrier, out var before) && before.DeadSpotAhead))
                LogDeadSpotAhead(logger, carrier, outlook.SecondsToDeadSpot ?? 0, outlook.CellId ?? "");
        }
    }

    /// <summary>Latest position with heading and speed from the fixes of the last few seconds (more stable
    /// than one fix's course, which jitters at low speed); falls back to the fix's own course and speed.</summary>
    private Motion? CurrentMotion()
    {
        GpsFix latest, oldest;
        lock (_fixLock)
        {
            if (_recentFixes.Count == 0)
                return null;
            latest = _recentFixes.Last();
            oldest = _recentFixes.Peek();
        }
        var lat = latest.Latitude!.Value;
        var lon = latest.Longitude!.Value;
        var seconds = (latest.Time - oldest.Time).TotalSeconds;
        var distance = Geo.DistanceM(oldest.Latitude!.Value, oldest.Longitude!.Value, lat, lon);
        if (seconds > 0 && distance >= MinHeadingDistanceM)
            return new Motion(lat, lon, Geo.BearingDeg(oldest.Latitude!.Value, oldest.Longitude!.Value, lat, lon), distance / seconds);
        return new Motion(lat, lon, latest.TrackDeg ?? 0, latest.TrackDeg is null ? 0 : latest.SpeedMps ?? 0);
    }

    private sealed record Motion(double Lat, double Lon, double HeadingDeg, double SpeedMps);

    private sealed record FetchedCoverage(RouteCoverage Cells, long FetchedAt, double OriginLat, double OriginLon, double LengthM);
}
