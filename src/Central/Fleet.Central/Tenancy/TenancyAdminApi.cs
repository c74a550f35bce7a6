using Fleet.Central.Api;
using Fleet.Central.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.Tenancy;

/// <summary>/api/admin: tenants, their API keys, and which tenant a vehicle belongs to.</summary>
public static class TenancyAdminApi
{
    public static IEndpointRouteBuilder MapTenancyAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin")
            .RequireAuthorization(FleetPolicies.Admin)
            .WithTags("Admin");
        admin.MapPost("/tenants", CreateTenantAsync);
        admin.MapGet("/tenants", ListTenantsAsync);
        admin.MapPost("/tenants/{tenantId:guid}/api-keys", CreateApiKeyAsync);
        admin.MapGet("/tenants/{tenantId:guid}/api-keys", ListApiKeysAsync);
        admin.MapDelete("/api-keys/{keyId:guid}", RevokeApiKeyAsync);
        admin.MapPut("/vehicles/{vehicleId:guid}/tenant", AssignVehicleAsync);
        return endpoints;
    }

    internal static async Task<Results<Created<TenantResponse>, ProblemHttpResult>> CreateTenantAsync(
        CreateTenantRequest request, TenantService tenants, CancellationToken cancellationToken)
    {
        var outcome = await tenants.CreateAsync(request.Name, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/admin/tenants/{outcome.Value.Id}", outcome.Value)
            : outcome.Failure.ToProblem();
    }

    internal static async Task<Ok<TenantResponse[]>> ListTenantsAsync(TenantService tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tenants.ListAsync(cancellationToken));

    internal static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKeyAsync(
        Guid tenantId, CreateApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var outcome = await keys.CreateAsync(tenantId, request.Name, request.Scopes, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/admin/tenants/{tenantId}/api-keys/{outcome.Value.Id}", outcome.Value)
            : outcome.Failure.ToProblem();
    }

    internal static async Task<Results<Ok<ApiKeyResponse[]>, ProblemHttpResult>> ListApiKeysAsync(
        Guid tenantId, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var outcome = await keys.ListAsync(tenantId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Failure.ToProblem();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(
        Guid keyId, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var outcome = await keys.RevokeAsync(keyId, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure.ToProblem();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> AssignVehicleAsync(
        Guid vehicleId, AssignVehicleTenantRequest request, TenantService tenants, CancellationToken cancellationToken)
    {
        var outcome = await tenants.AssignVehicleAsync(vehicleId, request.TenantId, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure.ToProblem();
    }
}
