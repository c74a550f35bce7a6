using System.Reflection;
using System.Security.Claims;
using Fleet.Central.Security;

namespace Fleet.Central.Tenancy;

/// <summary>The tenant behind an /api/v1 request, read from the principal the API key scheme built. Bound
/// as a minimal API parameter; endpoints never read tenant ids from the route or the query.</summary>
public sealed record ApiCaller(Guid TenantId, Guid KeyId)
{
    public static ApiCaller? FromPrincipal(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(FleetClaims.Tenant), out var tenant) &&
        Guid.TryParse(user.FindFirstValue(FleetClaims.ApiKeyId), out var key)
            ? new ApiCaller(tenant, key)
            : null;

    /// <summary>Minimal API binding. The scope policies already demand the claims, so a missing caller means
    /// an endpoint was mapped without a policy: fail loudly rather than serve it unscoped.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<ApiCaller?>(FromPrincipal(context.User)
            ?? throw new InvalidOperationException($"{context.Request.Path} has no tenant principal: map it with an ApiScope policy."));
}
