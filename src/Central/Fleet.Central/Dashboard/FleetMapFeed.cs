using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Dashboard;

/// <summary>One reader for all open dashboards: re-reads last positions on a timer while anyone watches and
/// pushes changed snapshots to the subscribed circuits (server push; browsers never poll).</summary>
public sealed partial class FleetMapFeed(
    IDbContextFactory<FleetDbContext> contexts,
    NpgsqlDataSource dataSource,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<FleetMapFeed> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Func<FleetSnapshot, Task>> _subscribers = [];
    private FleetSnapshot _current = FleetSnapshot.Empty;
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    public FleetSnapshot Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>The current snapshot, re-read first if it is older than one refresh interval (nobody was
    /// watching, so the timer did not keep it fresh). Used for the prerendered page.</summary>
    public async Task<FleetSnapshot> GetFreshAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset refreshedAt;
        lock (_gate)
            refreshedAt = _refreshedAt;
        if (time.GetUtcNow() - refreshedAt > TimeSpan.FromMilliseconds(options.Value.RefreshIntervalMs))
            await RefreshAsync(cancellationToken);
        return Current;
    }

    /// <summary>Calls <paramref name="onSnapshot"/> with the current snapshot (if any) and every change.</summary>
    public IDisposable Subscribe(Func<FleetSnapshot, Task> onSnapshot)
    {
        FleetSnapshot current;
        lock (_gate)
        {
            _subscribers.Add(onSnapshot);
            current = _current;
        }
        if (current.Revision > 0)
            _ = DeliverAsync(onSnapshot, current);
        return new Subscription(this, onSnapshot);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunRefreshAsync(stoppingToken);

    private async Task RunRefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RefreshIntervalMs), time);
        try
        {
            do
            {
                bool anyoneWatching;
                lock (_gate)
                    anyoneWatching = _subscribers.Count > 0;
                if (!anyoneWatching)
                    continue;
                try
                {
                    await RefreshAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>Reads the map's data now and publishes it if anything changed.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var (markers, withoutPosition) = await LoadAsync(cancellationToken);
        FleetSnapshot next;
        Func<FleetSnapshot, Task>[] subscribers;
        lock (_gate)
        {
            _refreshedAt = time.GetUtcNow();
            if (_current.Revision > 0 && _current.VehiclesWithoutPosition == withoutPosition &&
                _current.Vehicles.SequenceEqual(markers))
                return;
            next = new FleetSnapshot(_current.Revision + 1, markers, withoutPosition);
            _current = next;
            subscribers = [.. _subscribers];
        }
        // Not awaited: a circuit whose browser went away blocks on its JS call until the circuit times out,
        // and must not hold up the refresh loop, the other dashboards or a page being prerendered.
        foreach (var subscriber in subscribers)
            _ = DeliverAsync(subscriber, next);
    }

    private async Task<(IReadOnlyList<VehicleMarker> Markers, int WithoutPosition)> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var vehicles = await db.Vehicles.AsNoTracking()
            .OrderBy(v => v.Name)
            .Select(v => new { v.Id, v.Name, v.LastLatitude, v.LastLongitude, v.LastPositionAt, v.LastSpeedMps, v.LastCourseDeg })
            .ToListAsync(cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var links = await LoadLinkCountsAsync(now - TimeSpan.FromSeconds(Math.Max(settings.OfflineAfterSeconds, 300)), cancellationToken);
        var offlineAfter = TimeSpan.FromSeconds(settings.OfflineAfterSeconds);
        var markers = vehicles
            .Where(v => v.LastLatitude is not null && v.LastLongitude is not null && v.LastPositionAt is not null)
            .Select(v =>
            {
                LinkCounts? counts = links.TryGetValue(v.Id, out var c) ? c : null;
                var status = VehicleStatusRules.Classify(now, v.LastPositionAt!.Value, counts, offlineAfter, settings.MinLinksUp);
                return new VehicleMarker(v.Id, v.Name, v.LastLatitude!.Value, v.LastLongitude!.Value,
                    v.LastPositionAt!.Value, v.LastSpeedMps, v.LastCourseDeg, status, counts?.Up ?? 0, counts?.Total ?? 0);
            })
            .ToList();
        return (markers, vehicles.Count - markers.Count);
    }

    /// <summary>Per vehicle, the links in its newest link report (samples within 30 s of its latest one) and
    /// how many of them were up. Two index range scans per vehicle on (vehicle_id, time); nothing older than
    /// <paramref name="since"/> is read.</summary>
    private async Task<Dictionary<Guid, LinkCounts>> LoadLinkCountsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT v.id, latest.up, latest.total
            FROM vehicles v
            CROSS JOIN LATERAL (SELECT max(end_at) AS at FROM link_series
                                WHERE vehicle_id = v.id AND start_at >= $2 AND end_at >= $1) newest
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE state = {LinkStateUp})::int AS up, count(*)::int AS total
                FROM (SELECT DISTINCT ON (link_name) state FROM link_samples
                      WHERE vehicle_id = v.id AND series_start_at >= $2 AND series_end_at > newest.at - interval '30 seconds'
                        AND time > newest.at - interval '30 seconds' AND time <= newest.at
                      ORDER BY link_name, time DESC) per_link
            ) latest
            WHERE newest.at IS NOT NULL
            """);
        command.Parameters.Add(new() { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        // Link series rows never cross UTC midnight: one that reaches 30 s before `since` starts no earlier than
        // that moment's UTC day (a bound on link_series' partition and key column start_at).
        command.Parameters.Add(new() { Value = new DateTimeOffset(since.AddSeconds(-30).UtcDateTime.Date, TimeSpan.Zero), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var counts = new Dictionary<Guid, LinkCounts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetGuid(0)] = new LinkCounts(reader.GetInt32(1), reader.GetInt32(2));
        return counts;
    }

    /// <summary>fleet.telemetry.LinkState.LINK_STATE_UP as stored in link_samples.state.</summary>
    private const int LinkStateUp = (int)Fleet.Contracts.Telemetry.LinkState.Up;

    private async Task DeliverAsync(Func<FleetSnapshot, Task> subscriber, FleetSnapshot snapshot)
    {
        try
        {
            await subscriber(snapshot);
        }
        catch (Exception ex)
        {
            // A broken circuit must not stop the others; the page unsubscribes when it is disposed.
            LogDeliveryFailed(logger, ex);
        }
    }

    private void Unsubscribe(Func<FleetSnapshot, Task> subscriber)
    {
        lock (_gate)
            _subscribers.Remove(subscriber);
    }

    private sealed class Subscription(FleetMapFeed feed, Func<FleetSnapshot, Task> subscriber) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(subscriber);
    }
}
