using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Central.Components.Pages;

/// <summary>Every alert central raised (vehicles offline, links down, SIMs running out, servers down), newest
/// first, filtered by status and kind; NOC acknowledges them here.</summary>
public sealed partial class Alerts : ComponentBase
{
    private IReadOnlyList<AlertView>? _alerts;
    private string? _error;

    [Inject] private IAlertService Service { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    private string StatusFilter { get; set; } = "live";
    private string KindFilter { get; set; } = "";

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var kind = string.IsNullOrEmpty(KindFilter) ? null : KindFilter;
        IEnumerable<AlertView> alerts = StatusFilter switch
        {
            "open" => await ListAsync(AlertStatus.Open, kind),
            "acknowledged" => await ListAsync(AlertStatus.Acknowledged, kind),
            "resolved" => await ListAsync(AlertStatus.Resolved, kind),
            "all" => await ListAsync(null, kind),
            _ => [.. await ListAsync(AlertStatus.Open, kind), .. await ListAsync(AlertStatus.Acknowledged, kind)],
        };
        _alerts = [.. alerts.OrderByDescending(a => a.OpenedAt)];
    }

    private Task<IReadOnlyList<AlertView>> ListAsync(AlertStatus? status, string? kind) =>
        Service.ListAsync(new AlertQuery(Status: status, Kind: kind, Limit: 500), CancellationToken.None);

    private async Task AcknowledgeAsync(Guid alertId)
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "unknown";
        var outcome = await Service.AcknowledgeAsync(alertId, user, null, CancellationToken.None);
        _error = outcome.Succeeded ? null : outcome.Failure.Message;
        await LoadAsync();
    }
}
