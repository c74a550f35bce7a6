using Fleet.Central.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Fleet.Central.Components.Pages;

/// <summary>The live fleet map: one Leaflet marker per vehicle at its last fix. Updates arrive from
/// <see cref="FleetMapFeed"/> over the circuit; the browser does not poll.</summary>
public sealed partial class FleetMap : ComponentBase, IAsyncDisposable
{
    private ElementReference _mapElement;
    private IJSObjectReference? _module;
    private IDisposable? _subscription;
    private bool _disposed;
    private bool _pushing;
    private FleetSnapshot? _pending;
    private bool _searchChanged;

    /// <summary>What this page's map already holds: each push sends only what changed.</summary>
    private readonly FleetMapEncoder _encoder = new();

    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private FleetMapFeed Feed { get; set; } = null!;
    [Inject] private IOptions<DashboardOptions> Options { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    private int VehicleCount { get; set; }
    private int TotalCount { get; set; }
    private string Search { get; set; } = "";
    private bool IsFiltered => !string.IsNullOrWhiteSpace(Search);
    private IReadOnlyList<VehicleMarker> Shown { get; set; } = [];
    private int CountOf(VehicleStatus status) => Shown.Count(v => v.Status == status);

    private static readonly (VehicleStatus Status, string Label, string Hint)[] Legend =
    [
        (VehicleStatus.Bonded, "Bonded", "Reporting, enough links up"),
        (VehicleStatus.Degraded, "Degraded", "Reporting, too few links up"),
        (VehicleStatus.Offline, "Offline", "No position lately"),
    ];
    private int VehiclesWithoutPosition { get; set; }
    private long Revision { get; set; }
    private DateTimeOffset? UpdatedAt { get; set; }
    private bool HasTiles => !string.IsNullOrWhiteSpace(Options.Value.TileUrl);
    private string UpdatedText => UpdatedAt is { } at ? $"updated {at:HH:mm:ss} UTC" : "waiting for positions…";

    protected override async Task OnInitializedAsync()
    {
        // Prerendered HTML already carries the counts; the markers follow once the circuit is up.
        var current = await Feed.GetFreshAsync(CancellationToken.None);
        Shown = current.Vehicles;
        VehicleCount = TotalCount = current.Vehicles.Count;
        VehiclesWithoutPosition = current.VehiclesWithoutPosition;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        var options = Options.Value;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/FleetMap.razor.js");
            if (_disposed)
            {
                // Navigated away during the import: the div is gone (a map on it would fail in the browser), and
                // DisposeAsync ran before there was a module.
                await _module.DisposeAsync();
                return;
            }
            await _module.InvokeVoidAsync("init", _mapElement, new
            {
                tileUrl = options.TileUrl,
                tileAttribution = options.TileAttribution,
                latitude = options.InitialLatitude,
                longitude = options.InitialLongitude,
                zoom = options.InitialZoom,
                clusterThreshold = options.ClusterThreshold,
            });
        }
        catch (JSDisconnectedException)
        {
            return; // The browser went away; DisposeAsync follows.
        }
        if (!_disposed)
            _subscription = Feed.Subscribe(snapshot => InvokeAsync(() => ShowAsync(snapshot)));
    }

    /// <summary>Latest-wins throttle: while one update is on its way to the browser, newer snapshots replace
    /// each other and only the last one is sent after it.</summary>
    private async Task ShowAsync(FleetSnapshot snapshot)
    {
        if (_pushing)
        {
            _pending = snapshot;
            return;
        }
        _pushing = true;
        try
        {
            for (FleetSnapshot? next = snapshot; next is not null; next = Interlocked.Exchange(ref _pending, null))
                if (!await PushAsync(next))
                    return;
        }
        finally
        {
            _pushing = false;
        }
    }

    /// <summary>The search filters on the server: only matching vehicles are sent to the browser.</summary>
    private Task OnSearchChangedAsync()
    {
        var current = Feed.Current;
        if (current.Revision == 0)
            return Task.CompletedTask;
        _searchChanged = true;
        return ShowAsync(current);
    }

    private async Task<bool> PushAsync(FleetSnapshot snapshot)
    {
        // An unchanged snapshot goes out again only when the search changed what it shows.
        if (_module is null || _disposed || snapshot.Revision < Revision || (snapshot.Revision == Revision && !_searchChanged))
            return true;
        _searchChanged = false;
        var shown = snapshot.Matching(Search);
        var delta = _encoder.Encode(shown);
        try
        {
            await _module.InvokeVoidAsync("update", _mapElement, delta.Records, delta.Added, delta.Removed, Search.Trim());
        }
        catch (JSDisconnectedException)
        {
            return false; // The browser went away; DisposeAsync follows.
        }
        catch (JSException)
        {
            // The browser did not take the delta: it starts over, and the next push carries every vehicle.
            _encoder.Reset();
            try
            {
                await _module.InvokeVoidAsync("reset", _mapElement);
            }
            catch (JSException)
            {
                // Nothing more to do than the full push that follows.
            }
            return true;
        }
        Revision = snapshot.Revision;
        Shown = shown;
        VehicleCount = shown.Count;
        TotalCount = snapshot.Vehicles.Count;
        VehiclesWithoutPosition = snapshot.VehiclesWithoutPosition;
        UpdatedAt = Time.GetUtcNow();
        StateHasChanged();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _subscription?.Dispose();
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
