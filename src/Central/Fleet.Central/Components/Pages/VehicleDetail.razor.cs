using Fleet.Central.Aggregators;
using Fleet.Central.Assignments;
using Fleet.Central.Dashboard;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Fleet.Central.Finance;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Fleet.Central.Components.Pages;

/// <summary>One vehicle: its track with replay, per-carrier link charts synced with the map, current links,
/// assigned aggregation servers and SIMs.</summary>
public sealed partial class VehicleDetail : ComponentBase, IAsyncDisposable
{
    private static readonly (int Minutes, string Label)[] Ranges =
        [(15, "Last 15 minutes"), (60, "Last hour"), (360, "Last 6 hours"), (1440, "Last 24 hours"), (10080, "Last 7 days")];

    private static readonly int[] Speeds = [1, 10, 60];

    private ElementReference _mapElement;
    private ElementReference _chartsElement;
    private IJSObjectReference? _module;
    private bool _disposed;
    private bool _initializing;
    private Vehicle? _vehicle;
    private bool _notFound;
    private VehicleStatus? _status;
    private IReadOnlyList<CurrentLink> _links = [];
    private IReadOnlyList<SimView> _sims = [];
    private AssignedServers? _servers;
    private TrackSeries? _track;
    private LinkSeries? _series;
    private int _trackPoints;
    private int _chartPoints;
    private int _speed = 10;
    private string _trackSummary = "";

    [Parameter] public Guid VehicleId { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private IDbContextFactory<FleetDbContext> Contexts { get; set; } = null!;
    [Inject] private VehicleDetailQueries Queries { get; set; } = null!;
    [Inject] private FleetMapFeed Feed { get; set; } = null!;
    [Inject] private AssignmentStore Assignments { get; set; } = null!;
    [Inject] private AggregatorRegistry Aggregators { get; set; } = null!;
    [Inject] private ISimFinanceService Sims { get; set; } = null!;
    [Inject] private IOptions<DashboardOptions> Options { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    private int RangeMinutes { get; set; } = 60;

    protected override async Task OnParametersSetAsync()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
            _vehicle = await db.Vehicles.AsNoTracking().FirstOrDefaultAsync(v => v.Id == VehicleId);
        _notFound = _vehicle is null;
        if (_vehicle is null)
            return;
        _status = Feed.Current.Vehicles.FirstOrDefault(v => v.Id == VehicleId)?.Status;
        _links = await Queries.GetCurrentLinksAsync(VehicleId, Time.GetUtcNow(), CancellationToken.None);
        _sims = await Sims.ListSimsAsync(null, VehicleId, CancellationToken.None);
        _servers = await LoadServersAsync();
        await LoadDataAsync();
        // Same page instance, new vehicle (a link from one vehicle page to another): redraw what is on screen.
        await ShowAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // OnAfterRenderAsync for a render runs only once the browser has applied it, and OnParametersSetAsync may
        // have loaded the vehicle in the meantime: the vehicle being known says nothing about whether the map's
        // div was ever rendered. The captured element reference does (its Id is set when the div is rendered).
        // Renders can also overlap the awaited import below: only the first one sets the page up.
        if (_mapElement.Id is null || _vehicle is null || _initializing || _disposed)
            return;
        _initializing = true;
        var options = Options.Value;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/VehicleDetail.razor.js");
            if (_disposed)
            {
                // Navigated away during the import: the div is gone, and DisposeAsync ran before there was a module.
                await _module.DisposeAsync();
                return;
            }
            await _module.InvokeVoidAsync("init", _mapElement, _chartsElement, new
            {
                tileUrl = options.TileUrl,
                tileAttribution = options.TileAttribution,
                latitude = _vehicle.LastLatitude ?? options.InitialLatitude,
                longitude = _vehicle.LastLongitude ?? options.InitialLongitude,
                zoom = _vehicle.LastLatitude is null ? options.InitialZoom : 13,
            });
        }
        catch (JSDisconnectedException)
        {
            return; // The browser went away; DisposeAsync follows.
        }
        await ShowAsync();
    }

    private async Task LoadRangeAsync()
    {
        await LoadDataAsync();
        await ShowAsync();
    }

    private async Task LoadDataAsync()
    {
        var minutes = Math.Clamp(RangeMinutes, 1, Options.Value.MaxRangeHours * 60);
        var to = Time.GetUtcNow();
        var from = to - TimeSpan.FromMinutes(minutes);
        _track = await Queries.GetTrackAsync(VehicleId, from, to, CancellationToken.None);
        _series = await Queries.GetLinkSeriesAsync(VehicleId, from, to, CancellationToken.None);
        _trackPoints = _track.Times.Length;
        _chartPoints = _series.Times.Length;
        _trackSummary = _trackPoints == 0
            ? "no positions in this range"
            : $"{_trackPoints} points{(_track.BucketSeconds > 1 ? $" (one per {_track.BucketSeconds} s)" : "")}";
    }

    private async Task ShowAsync()
    {
        if (_module is null || _track is null || _series is null)
            return;
        try
        {
            await _module.InvokeVoidAsync("show", _mapElement, _track, _series);
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; DisposeAsync follows.
        }
    }

    private Task PlayAsync() => CallAsync("play", _speed);

    private Task PauseAsync() => CallAsync("pause");

    private async Task SetSpeedAsync(int speed)
    {
        _speed = speed;
        await CallAsync("setSpeed", speed);
    }

    private async Task CallAsync(string function, params object[] args)
    {
        if (_module is null)
            return;
        try
        {
            await _module.InvokeVoidAsync(function, [_mapElement, .. args]);
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; DisposeAsync follows.
        }
    }

    /// <summary>Read from the assignment table only: asking <see cref="AssignmentService"/> would create an
    /// assignment as a side effect of someone looking at the page.</summary>
    private async Task<AssignedServers?> LoadServersAsync()
    {
        var stored = await Assignments.GetAsync(VehicleId, CancellationToken.None);
        if (stored is null)
            return null;
        var servers = (await Aggregators.GetServerStatesAsync(CancellationToken.None)).ToDictionary(s => s.Server.Id);
        ServerState? Find(Guid? id) => id is { } key && servers.TryGetValue(key, out var s) ? s : null;
        var primary = Find(stored.PrimaryServerId);
        var backup = Find(stored.BackupServerId);
        return new AssignedServers(primary?.Server.Name, primary?.Server.Region, primary?.Live == true,
            backup?.Server.Name, backup?.Live == true);
    }

    private static string Format(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'") : "never";

    private static string SimBalance(SimView sim) => sim.Billing switch
    {
        "prepaid" when sim.PrepaidBalance is { } balance => $"{balance:0.00} {sim.Currency}" + (sim.BalanceAsOf is { } asOf ? $" ({asOf:yyyy-MM-dd})" : ""),
        "allowance" when sim.AllowanceBytes is { } bytes => $"{bytes / 1e9:0.#} GB / period",
        _ => "—",
    };

    // fleet.telemetry.LinkState numbers as stored in link_samples.state.
    private static string StateName(short? state) => state switch
    {
        1 => "probing",
        2 => "up",
        3 => "degraded",
        4 => "down",
        _ => "unknown",
    };

    private static string StateClass(short? state) => state switch
    {
        2 => "text-bg-success",
        3 => "text-bg-warning",
        4 => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
            return;
        try
        {
            await _module.InvokeVoidAsync("dispose", _mapElement);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // Circuit already gone: nothing to clean up in the browser.
        }
        catch (JSException)
        {
            // The browser failed to tear the map down (e.g. mid-animation); the page is leaving anyway and
            // must not take the circuit with it.
        }
    }
}
