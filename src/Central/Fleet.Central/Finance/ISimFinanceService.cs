using Fleet.Central.Alerts;
using Fleet.Central.Common;

namespace Fleet.Central.Finance;

/// <summary>SIM finance, transport-neutral (REST v1 "sims:read"/"sims:write", finance dashboard).
/// tenantId null = operator staff (every SIM); otherwise only that tenant's SIMs.</summary>
public interface ISimFinanceService
{
    Task<IReadOnlyList<SimView>> ListSimsAsync(Guid? tenantId, Guid? vehicleId, CancellationToken cancellationToken);

    Task<Outcome<SimView>> GetSimAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<SimView>> CreateSimAsync(CreateSimRequest request, Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<TopUpView>> RecordTopUpAsync(Guid simId, TopUpRequest request, Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<IReadOnlyList<TopUpView>>> ListTopUpsAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Daily usage in [from, to] (UTC days); defaults to the last 30 days.</summary>
    Task<Outcome<SimUsageView>> GetUsageAsync(Guid simId, DateOnly? from, DateOnly? to, Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<SimForecastView>> GetForecastAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>SIM run-out alerts (open and acknowledged; resolved too when asked).</summary>
    Task<IReadOnlyList<AlertView>> ListAlertsAsync(Guid? tenantId, bool includeResolved, CancellationToken cancellationToken);

    /// <summary>A finance user acknowledges a run-out alert (who and when are recorded).</summary>
    Task<Outcome<AlertView>> AcknowledgeAlertAsync(Guid alertId, string acknowledgedBy, Guid? tenantId, CancellationToken cancellationToken);
}
