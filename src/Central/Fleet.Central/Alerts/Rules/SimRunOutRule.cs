using Fleet.Central.Alerts.Data;
using Fleet.Central.Finance;

namespace Fleet.Central.Alerts.Rules;

/// <summary>A SIM whose pessimistic run-out date falls inside its top-up lead time: by the time a top-up
/// could be arranged, a bad week would already have used the data up.</summary>
public sealed class SimRunOutRule(SimFinanceService finance) : IAlertRule
{
    public string Kind => AlertKinds.SimRunOut;

    public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conditions = new List<AlertCondition>();
        foreach (var (sim, forecast) in await finance.ForecastAllAsync(cancellationToken))
        {
            if (!forecast.InsideLeadTime)
                continue;
            var expected = forecast.ExpectedRunOut is { } e ? e.ToString("yyyy-MM-dd") : "not within the horizon";
            conditions.Add(new AlertCondition(
                Kind,
                $"{Kind}:{sim.Id}",
                forecast.RemainingBytes <= 0 ? AlertSeverity.Critical : AlertSeverity.Warning,
                $"SIM {sim.Iccid} ({sim.Carrier}) may run out by {forecast.EarliestRunOut:yyyy-MM-dd}",
                $"Earliest run-out {forecast.EarliestRunOut:yyyy-MM-dd}, expected {expected}; {forecast.RemainingBytes} bytes left; " +
                $"top-up lead time {sim.TopUpLeadTimeDays} days.",
                VehicleId: sim.VehicleId,
                SimId: sim.Id,
                TenantId: sim.TenantId));
        }
        return conditions;
    }
}
