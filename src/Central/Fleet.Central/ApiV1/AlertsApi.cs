using Fleet.Central.Alerts;
using Fleet.Central.Api;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.ApiV1;

/// <summary>/api/v1/alerts: the tenant's alerts (newest first) and acknowledging one. Operator-level alerts
/// (no tenant, e.g. an aggregation server down) are never shown to a tenant.</summary>
public static class AlertsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000; // what IAlertService returns at most

    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder v1)
    {
        var read = FleetPolicies.ApiScope(ApiScopes.AlertsRead);
        v1.MapGet("/alerts", ListAsync).RequireAuthorization(read).WithName("ListAlerts");
        v1.MapGet("/alerts/{alertId:guid}", GetAsync).RequireAuthorization(read).WithName("GetAlert");
        v1.MapPost("/alerts/{alertId:guid}/acknowledge", AcknowledgeAsync)
            .RequireAuthorization(FleetPolicies.ApiScope(ApiScopes.AlertsWrite))
            .WithName("AcknowledgeAlert");
        return v1;
    }

    internal static async Task<Results<Ok<AlertList>, ProblemHttpResult>> ListAsync(
        string? status, string? kind, string? vehicleId, string? limit, ApiCaller caller,
        IAlertService alerts, CancellationToken cancellationToken)
    {
        var parsedStatus = ApiV1Requests.ParseAlertStatus(status);
        if (!parsedStatus.Succeeded)
            return parsedStatus.Failure.ToProblem();
        var parsedKind = ApiV1Requests.ParseAlertKind(kind);
        if (!parsedKind.Succeeded)
            return parsedKind.Failure.ToProblem();
        var vehicle = ApiV1Requests.ParseOptionalId(vehicleId, "vehicleId");
        if (!vehicle.Succeeded)
            return vehicle.Failure.ToProblem();
        var size = ApiV1Requests.ParseLimit(limit, DefaultLimit, MaxLimit);
        if (!size.Succeeded)
            return size.Failure.ToProblem();
        var items = await alerts.ListAsync(
            new AlertQuery(caller.TenantId, parsedStatus.Value, parsedKind.Value, vehicle.Value, size.Value), cancellationToken);
        return TypedResults.Ok(new AlertList(items));
    }

    internal static async Task<Results<Ok<AlertView>, ProblemHttpResult>> GetAsync(
        Guid alertId, ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAsync(alertId, caller.TenantId, cancellationToken);
        return alert.Succeeded ? TypedResults.Ok(alert.Value) : alert.Failure.ToProblem();
    }

    /// <summary>Idempotent: acknowledging an acknowledged alert returns it unchanged; a resolved one is 409.</summary>
    internal static async Task<Results<Ok<AlertView>, ProblemHttpResult>> AcknowledgeAsync(
        Guid alertId, ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken)
    {
        var alert = await alerts.AcknowledgeAsync(alertId, ApiV1Requests.RecordedBy(caller), caller.TenantId, cancellationToken);
        return alert.Succeeded ? TypedResults.Ok(alert.Value) : alert.Failure.ToProblem();
    }
}
