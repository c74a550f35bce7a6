using Fleet.Central.Coverage;
using Fleet.Central.Dashboard;
using Fleet.Central.Dashboard.Coverage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace Fleet.Central.Components.Pages;

/// <summary>The coverage grid on a map: one layer per carrier, cells coloured by the chosen metric, a legend,
/// carrier toggles and a click on a cell for every carrier's statistics there. Cells are read for the part of
/// the map in view (first the whole world, to frame what was measured).</summary>
public sealed partial class CoverageMap : ComponentBase, IAsyncDisposable
{
    private ElementReference _mapElement;
    private IJSObjectReference? _module;
    private DotNetObjectReference<CoverageMap>? _self;
    private bool _disposed;
    private List<string> _carriers = [];
    private readonly HashSet<string> _visible = new(StringComparer.Ordinal);
    private IReadOnlyList<CoverageCellView> _cells = [];
    private bool _truncated;
    private string? _error;
    private List<CoverageCellView>? _selected;
    private int _loads;

    [Inject] private ICoverageQuery Coverage { get; set; } = null!;
    [Inject] private CoverageExtent Extent { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private IOptions<DashboardOptions> Options { get; set; } = null!;

    private string MetricKey { get; set; } = CoverageMetric.Throughput.Key;

    private CoverageMetric Metric => CoverageMetric.Find(MetricKey);

    private int VisibleCellCount => _cells.Count(c => _visible.Contains(c.Carrier));

    private string Summary => _error ?? (_loads == 0
        ? "loading…"
        : $"{VisibleCellCount} of {_cells.Count} cells in view{(_truncated ? " (zoom in for all)" : "")}");

    protected override async Task OnInitializedAsync()
    {
        _carriers = [.. await Coverage.ListCarriersAsync(CancellationToken.None)];
        _visible.UnionWith(_carriers);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        var options = Options.Value;
        _self = DotNetObjectReference.Create(this);
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/CoverageMap.razor.js");
            if (_disposed)
            {
                await _module.DisposeAsync();
                return;
            }
            await _module.InvokeVoidAsync("init", _mapElement, _self, new
            {
                tileUrl = options.TileUrl,
                tileAttribution = options.TileAttribution,
                latitude = options.InitialLatitude,
                longitude = options.InitialLongitude,
                zoom = options.InitialZoom,
            });
        }
        catch (JSDisconnectedException)
        {
            return; // The browser went away; DisposeAsync follows.
        }
        // Open framed on what was measured (nothing to draw yet: the empty map and the "0 cells" summary say so).
        if (await Extent.GetAsync(CancellationToken.None) is { } measured)
            await LoadAsync(measured, fit: true);
        else
        {
            _loads++;
            StateHasChanged();
        }
    }

    /// <summary>Called by the map after the operator panned or zoomed.</summary>
    [JSInvokable]
    public Task LoadViewAsync(double minLat, double minLon, double maxLat, double maxLon) =>
        LoadAsync(new GeoBox(Math.Max(minLat, -85), Math.Max(minLon, -180), Math.Min(maxLat, 85), Math.Min(maxLon, 180)), fit: false);

    /// <summary>Called by the map when a cell is clicked: every carrier's statistics for that cell.</summary>
    [JSInvokable]
    public void SelectCell(string cellId)
    {
        _selected = [.. _cells.Where(c => c.CellId == cellId).OrderBy(c => c.Carrier, StringComparer.Ordinal)];
        StateHasChanged();
    }

    private void CloseCell() => _selected = null;

    private async Task LoadAsync(GeoBox box, bool fit)
    {
        var cells = new List<CoverageCellView>();
        var truncated = false;
        foreach (var piece in CoverageExtent.Split(box))
        {
            var outcome = await Coverage.GetCellsInBoxAsync(piece, null, CancellationToken.None);
            if (!outcome.Succeeded)
            {
                _loads++;
                _error = outcome.Failure.Message;
                StateHasChanged();
                return;
            }
            cells.AddRange(outcome.Value.Cells);
            truncated |= outcome.Value.Truncated;
        }
        _loads++;
        _error = null;
        _cells = cells;
        _truncated = truncated;
        // Carriers measured since the page opened join the toggles, switched on.
        foreach (var carrier in _cells.Select(c => c.Carrier).Distinct().Where(c => !_carriers.Contains(c)).ToList())
        {
            _carriers.Add(carrier);
            _visible.Add(carrier);
        }
        _carriers.Sort(StringComparer.Ordinal);
        await DrawAsync(fit);
        StateHasChanged();
    }

    private Task RedrawAsync() => DrawAsync(fit: false);

    private async Task DrawAsync(bool fit)
    {
        var metric = Metric;
        var cells = _cells.Select(c => new CellShape(c.CellId, c.Carrier, c.CenterLat, c.CenterLon, c.CellSizeM,
            metric.ColourOf(metric.Value(c)))).ToList();
        await CallAsync("show", cells, _visible.ToArray(), fit);
    }

    private async Task ToggleAsync(string carrier, bool on)
    {
        if (on)
            _visible.Add(carrier);
        else
            _visible.Remove(carrier);
        // Cast: a lone string[] would otherwise be taken as the params array itself (one argument per carrier).
        await CallAsync("setVisible", (object)_visible.ToArray());
    }

    private async Task CallAsync(string function, params object[] args)
    {
        if (_module is null || _disposed)
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

    private static string Mbps(int? kbps) => kbps is { } k ? (k / 1000.0).ToString("0.0") : "—";

    private static string Ms(int? ms) => ms is { } m ? $"{m} ms" : "—";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("dispose", _mapElement);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // Circuit already gone: nothing to clean up in the browser.
        }
        catch (JSException)
        {
            // The page is leaving anyway; a failed teardown must not take the circuit with it.
        }
        _self?.Dispose();
    }

    /// <summary>What the map needs to draw one carrier's cell: where, how big, which colour.</summary>
    private sealed record CellShape(string Id, string Carrier, double Lat, double Lon, double SizeM, string Colour);
}
