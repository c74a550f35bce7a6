using Fleet.Central.Aggregators;
using Fleet.Central.Alerts;
using Fleet.Central.Assignments;
using Microsoft.AspNetCore.Components;

namespace Fleet.Central.Components.Pages;

/// <summary>Aggregation servers: health, load, vehicles assigned (primary and backup) and failover history
/// (the aggregator-down alerts: when a server went silent and when it came back).</summary>
public sealed partial class Servers : ComponentBase
{
    private IReadOnlyList<ServerState>? _servers;
    private Dictionary<Guid, int> _primaries = [];
    private Dictionary<Guid, int> _backups = [];
    private IReadOnlyList<AlertView>? _history;

    [Inject] private AggregatorRegistry Registry { get; set; } = null!;
    [Inject] private AssignmentStore Assignments { get; set; } = null!;
    [Inject] private IAlertService Alerts { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _servers = await Registry.GetServerStatesAsync(CancellationToken.None);
        var assignments = await Assignments.GetAllAsync(CancellationToken.None);
        _primaries = assignments.Where(a => a.PrimaryServerId is not null).GroupBy(a => a.PrimaryServerId!.Value).ToDictionary(g => g.Key, g => g.Count());
        _backups = assignments.Where(a => a.BackupServerId is not null).GroupBy(a => a.BackupServerId!.Value).ToDictionary(g => g.Key, g => g.Count());
        _history = await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.AggregatorDown, Limit: 50), CancellationToken.None);
    }

    private static int Count(Dictionary<Guid, int> counts, Guid id) => counts.GetValueOrDefault(id);
}
