using Fleet.Central.Alerts;
using Fleet.Central.Dashboard.Finance;
using Fleet.Central.Finance;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Central.Components.Pages;

/// <summary>Finance's SIM table: balance, burn rate, expected and pessimistic run-out; the run-out alerts to
/// acknowledge; a CSV export of the same rows.</summary>
public sealed partial class FinanceSims : ComponentBase
{
    private IReadOnlyList<SimFinanceRow>? _rows;
    private IReadOnlyList<AlertView>? _alerts;
    private string? _ackError;

    [Inject] private SimFinanceTable Table { get; set; } = null!;
    [Inject] private ISimFinanceService Sims { get; set; } = null!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _rows = await Table.LoadAsync(CancellationToken.None);
        _alerts = await LoadAlertsAsync();
    }

    private async Task<IReadOnlyList<AlertView>> LoadAlertsAsync() =>
        [.. (await Sims.ListAlertsAsync(null, includeResolved: false, CancellationToken.None)).OrderBy(a => a.Status == "open" ? 0 : 1).ThenByDescending(a => a.OpenedAt)];

    private async Task AcknowledgeAsync(Guid alertId)
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "unknown";
        var outcome = await Sims.AcknowledgeAlertAsync(alertId, user, null, CancellationToken.None);
        _ackError = outcome.Succeeded ? null : outcome.Failure.Message;
        _alerts = await LoadAlertsAsync();
    }

    private static string Date(DateOnly? day) => day is { } d ? d.ToString("yyyy-MM-dd") : "—";
}
