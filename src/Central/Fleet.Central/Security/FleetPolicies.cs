using Fleet.Central.Tenancy;

namespace Fleet.Central.Security;

/// <summary>Authorization policy names. Dashboard pages and admin endpoints use exactly one of the staff
/// policies (<c>[Authorize(Policy = FleetPolicies.Operations)]</c> on a page, <c>RequireAuthorization(…)</c>
/// on a route group); /api/v1 endpoints use <see cref="ApiScope"/>. The authorization-matrix test
/// (tests/…/Users/AuthorizationMatrixTests) derives the expected answer for every page and admin endpoint
/// from these names, so a new page only has to pick the right one.</summary>
public static class FleetPolicies
{
    /// <summary>Administration: users, tenants, API keys, enrollment. Admin only.</summary>
    public const string Admin = "Admin";

    /// <summary>Operational dashboard pages (map, vehicles, alerts, coverage): NOC and Admin.</summary>
    public const string Operations = "Operations";

    /// <summary>Finance pages and endpoints (SIM costs, invoices): Finance and Admin.</summary>
    public const string Finance = "Finance";

    /// <summary>Anything every logged-in staff member may see: Admin, NOC and Finance.</summary>
    public const string Staff = "Staff";

    private const string ApiScopePrefix = "ApiScope:";

    /// <summary>An /api/v1 policy: a tenant API key (never a cookie or the admin key) that grants the scope.</summary>
    public static string ApiScope(string scope) => ApiScopePrefix + scope;

    /// <summary>The roles each staff policy admits (used to build the policies and by the matrix test).</summary>
    public static IReadOnlyDictionary<string, string[]> StaffRoles { get; } = new Dictionary<string, string[]>
    {
        [Admin] = [FleetRoles.Admin],
        [Operations] = [FleetRoles.Admin, FleetRoles.Noc],
        [Finance] = [FleetRoles.Admin, FleetRoles.Finance],
        [Staff] = [FleetRoles.Admin, FleetRoles.Noc, FleetRoles.Finance],
    };

    public static IEnumerable<string> ApiScopePolicies => ApiScopes.All.Select(ApiScope);
}
