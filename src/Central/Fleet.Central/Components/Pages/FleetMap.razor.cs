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

    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private FleetMapFeed Feed { get; set; } = null!;
    [Inject] private IOptions<DashboardOptions> Options { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    private int VehicleCount { get; set; }
    private int VehiclesWithoutPosition { get; set; }
    private long Revision { get; set; }
    private DateTimeOffset? UpdatedAt { get; set; }
    private bool HasTiles => !string.IsNullOrWhiteSpace(Options.Value.TileUrl);
    private string UpdatedText => UpdatedAt is { } at ? $"updated {at:HH:mm:ss} UTC" : "waiting for positions…";

    protected override async Task OnInitializedAsync()
    {
        // Prerendered HTML already carries the counts; the markers follow once the circuit is up.
        var current = await Feed.GetFreshAsync(CancellationToken.None);
        VehicleCount = current.Vehicles.Count;
        VehiclesWithoutPosition = current.VehiclesWithoutPosition;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        var options = Options.Value;
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/FleetMap.razor.js");
        await _module.InvokeVoidAsync("init", _mapElement, new
        {
            tileUrl = options.TileUrl,
            tileAttribution = options.TileAttribution,
            latitude = options.InitialLatitude,
            longitude = options.InitialLongitude,
            zoom = options.InitialZoom,
            clusterThreshold = options.ClusterThreshold,
        });
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

    private async Task<bool> PushAsync(FleetSnapshot snapshot)
    {
        if (_module is null || _disposed || snapshot.Revision <= Revision)
            return true;
        try
        {
            await _module.InvokeVoidAsync("update", _mapElement, snapshot.Vehicles);
        }
        catch (JSDisconnectedException)
        {
            return false; // The browser went away; DisposeAsync follows.
        }
        Revision = snapshot.Revision;
        VehicleCount = snapshot.Vehicles.Count;
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
    }
}
