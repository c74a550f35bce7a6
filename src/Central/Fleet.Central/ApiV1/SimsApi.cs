using Fleet.Central.Api;
using Fleet.Central.Finance;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.ApiV1;

/// <summary>/api/v1/sims: the tenant's SIMs, their usage, run-out forecast and top-ups. Every call passes the
/// caller's tenant to <see cref="ISimFinanceService"/>, which answers another tenant's SIM as not found.</summary>
public static class SimsApi
{
    public static RouteGroupBuilder MapSimsApi(this RouteGroupBuilder v1)
    {
        var read = FleetPolicies.ApiScope(ApiScopes.SimsRead);
        var write = FleetPolicies.ApiScope(ApiScopes.SimsWrite);
        v1.MapGet("/sims", ListAsync).RequireAuthorization(read).WithName("ListSims");
        v1.MapGet("/vehicles/{vehicleId:guid}/sims", ListForVehicleAsync).RequireAuthorization(read).WithName("ListVehicleSims");
        v1.MapGet("/sims/{simId:guid}", GetAsync).RequireAuthorization(read).WithName("GetSim");
        v1.MapGet("/sims/{simId:guid}/forecast", GetForecastAsync).RequireAuthorization(read).WithName("GetSimForecast");
        v1.MapGet("/sims/{simId:guid}/usage", GetUsageAsync).RequireAuthorization(read).WithName("GetSimUsage");
        v1.MapGet("/sims/{simId:guid}/top-ups", ListTopUpsAsync).RequireAuthorization(read).WithName("ListSimTopUps");
        v1.MapPost("/sims/{simId:guid}/top-ups", RecordTopUpAsync).RequireAuthorization(write).WithName("RecordSimTopUp");
        return v1;
    }

    internal static async Task<Results<Ok<SimList>, ProblemHttpResult>> ListAsync(
        string? vehicleId, ApiCaller caller, TenantVehicles vehicles, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        var vehicle = ApiV1Requests.ParseOptionalId(vehicleId, "vehicleId");
        if (!vehicle.Succeeded)
            return vehicle.Failure.ToProblem();
        if (vehicle.Value is { } id)
            return await ListForVehicleAsync(id, caller, vehicles, finance, cancellationToken);
        return TypedResults.Ok(new SimList(await finance.ListSimsAsync(caller.TenantId, null, cancellationToken)));
    }

    internal static async Task<Results<Ok<SimList>, ProblemHttpResult>> ListForVehicleAsync(
        Guid vehicleId, ApiCaller caller, TenantVehicles vehicles, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        // Another tenant's vehicle is a 404, not an empty list: the answer must not differ from a missing id
        // only by being empty.
        var owned = await vehicles.FindAsync(caller, vehicleId, cancellationToken);
        if (!owned.Succeeded)
            return owned.Failure.ToProblem();
        return TypedResults.Ok(new SimList(await finance.ListSimsAsync(caller.TenantId, owned.Value.Id, cancellationToken)));
    }

    internal static async Task<Results<Ok<SimView>, ProblemHttpResult>> GetAsync(
        Guid simId, ApiCaller caller, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        var sim = await finance.GetSimAsync(simId, caller.TenantId, cancellationToken);
        return sim.Succeeded ? TypedResults.Ok(sim.Value) : sim.Failure.ToProblem();
    }

    internal static async Task<Results<Ok<SimForecastView>, ProblemHttpResult>> GetForecastAsync(
        Guid simId, ApiCaller caller, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        var forecast = await finance.GetForecastAsync(simId, caller.TenantId, cancellationToken);
        return forecast.Succeeded ? TypedResults.Ok(forecast.Value) : forecast.Failure.ToProblem();
    }

    internal static async Task<Results<Ok<SimUsageView>, ProblemHttpResult>> GetUsageAsync(
        Guid simId, string? from, string? to, ApiCaller caller, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        var first = ApiV1Requests.ParseOptionalDay(from, "from");
        if (!first.Succeeded)
            return first.Failure.ToProblem();
        var last = ApiV1Requests.ParseOptionalDay(to, "to");
        if (!last.Succeeded)
            return last.Failure.ToProblem();
        var usage = await finance.GetUsageAsync(simId, first.Value, last.Value, caller.TenantId, cancellationToken);
        return usage.Succeeded ? TypedResults.Ok(usage.Value) : usage.Failure.ToProblem();
    }

    internal static async Task<Results<Ok<TopUpList>, ProblemHttpResult>> ListTopUpsAsync(
        Guid simId, ApiCaller caller, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        var topUps = await finance.ListTopUpsAsync(simId, caller.TenantId, cancellationToken);
        return topUps.Succeeded ? TypedResults.Ok(new TopUpList(simId, topUps.Value)) : topUps.Failure.ToProblem();
    }

    internal static async Task<Results<Created<TopUpView>, ProblemHttpResult>> RecordTopUpAsync(
        Guid simId, TopUpBody? body, ApiCaller caller, ISimFinanceService finance, CancellationToken cancellationToken)
    {
        if (body is null)
            return Common.Failure.Invalid("A JSON body is required: {\"amount\": 10.0} (prepaid) or {\"dataBytes\": 5000000000} (allowance).").ToProblem();
        var request = new TopUpRequest(ApiV1Requests.RecordedBy(caller), body.Amount, body.DataBytes, body.Note);
        var topUp = await finance.RecordTopUpAsync(simId, request, caller.TenantId, cancellationToken);
        return topUp.Succeeded
            ? TypedResults.Created($"/api/v1/sims/{simId}/top-ups/{topUp.Value.Id}", topUp.Value)
            : topUp.Failure.ToProblem();
    }
}
