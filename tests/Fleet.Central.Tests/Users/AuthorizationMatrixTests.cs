using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Fleet.Central.Security;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ComponentRoute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace Fleet.Central.Tests.Users;

/// <summary>One logged-in client per staff role, plus the anonymous client and the admin bearer key.</summary>
public sealed class StaffClients : IAsyncLifetime
{
    public CentralFixture Central { get; } = new();
    public Dictionary<string, HttpClient> ByRole { get; } = new();

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        foreach (var role in FleetRoles.All)
        {
            var email = $"{role.ToLowerInvariant()}@fleet.test";
            await StaffLogin.CreateUserAsync(Central, email, role);
            ByRole[role] = await StaffLogin.LoggedInAsync(Central, email);
        }
        ByRole["anonymous"] = StaffLogin.NewClient(Central);
        var bearer = StaffLogin.NewClient(Central);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CentralFixture.AdminKey);
        ByRole["admin-key"] = bearer;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in ByRole.Values)
            client.Dispose();
        await Central.DisposeAsync();
    }
}

/// <summary>Role × endpoint: every /api/admin endpoint and every dashboard page, found from the running
/// host and the component types, with the expected answer derived from the policy each one declares
/// (<see cref="FleetPolicies.StaffRoles"/>). Pages and endpoints added later are checked automatically; one
/// without a policy fails the test.</summary>
public sealed partial class AuthorizationMatrixTests(StaffClients staff) : IClassFixture<StaffClients>
{
    private static readonly string[] Principals = ["anonymous", FleetRoles.Admin, FleetRoles.Noc, FleetRoles.Finance];

    [Fact]
    public async Task AdminEndpoints_EveryRole_AuthorizedExactlyAsTheirPolicySays()
    {
        var endpoints = staff.Central.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/admin/users");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/admin/tenants/{tenantId:guid}/api-keys");

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var allowed = AllowedRoles(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy), pattern, wrong);
            if (allowed is null)
                continue;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                foreach (var principal in Principals.Append("admin-key"))
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), FillParameters(pattern));
                    if (method is "POST" or "PUT" or "PATCH")
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await staff.ByRole[principal].SendAsync(request);
                    var status = (int)response.StatusCode;
                    var role = principal == "admin-key" ? FleetRoles.Admin : principal;
                    var ok = principal == "anonymous" ? status == 401
                        : allowed.Contains(role) ? status is not (401 or 403) and < 500
                        : status == 403;
                    if (!ok)
                        wrong.Add($"{principal} {method} {pattern}: {status}");
                }
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task DashboardPages_EveryRole_AuthorizedExactlyAsTheirPolicySays()
    {
        var pages = typeof(Fleet.Central.Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<ComponentRoute>().Select(r => (Type: t, Template: r.Template)))
            .ToList();
        Assert.Contains(pages, p => p.Template == "/");

        var wrong = new List<string>();
        foreach (var (type, template) in pages)
        {
            var anonymousPage = type.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            var allowed = anonymousPage
                ? [.. FleetRoles.All]
                : AllowedRoles(type.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy), template, wrong);
            if (allowed is null)
                continue;
            var path = FillParameters(template);
            foreach (var principal in Principals)
            {
                using var response = await staff.ByRole[principal].GetAsync(path);
                var status = (int)response.StatusCode;
                var location = status == 302 ? StaffLogin.LocationPath(response, staff.Central) ?? "" : "";
                var ok = anonymousPage ? status is 200
                    : principal == "anonymous" ? status == 302 && location.StartsWith("/account/login?ReturnUrl=", StringComparison.Ordinal)
                    : allowed.Contains(principal) ? status is 200 or 404
                    : status == 302 && location.StartsWith("/account/access-denied", StringComparison.Ordinal);
                if (!ok)
                    wrong.Add($"{principal} GET {template}: {status} {location}");
            }
        }
        Assert.Empty(wrong);
    }

    /// <summary>Scope × endpoint for /api/v1: a key with exactly one scope gets past authorization only on the
    /// endpoints that declare that scope (403 elsewhere); no key, the admin key and every staff login get 401
    /// (the customer API takes tenant keys only). Endpoints come from the running host; one without an
    /// ApiScope policy fails the test.</summary>
    [Fact]
    public async Task ApiV1Endpoints_EveryScopeAndStaffRole_AuthorizedExactlyAsTheirScopeSays()
    {
        var tenant = await Tenancy.ApiClients.CreateTenantAsync(staff.Central, "matrix-tenant");
        var keys = new Dictionary<string, string>();
        foreach (var scope in Fleet.Central.Tenancy.ApiScopes.All)
            keys[scope] = (await Tenancy.ApiClients.CreateKeyAsync(staff.Central, tenant.Id, scope)).Key;
        var endpoints = staff.Central.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/sims/{simId:guid}/top-ups");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/v1/coverage/cells");

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var scopes = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy)
                .Select(p => Fleet.Central.Tenancy.ApiScopes.All.SingleOrDefault(s => FleetPolicies.ApiScope(s) == p))
                .ToList();
            if (scopes.Count != 1 || scopes[0] is null)
            {
                wrong.Add($"{pattern}: must declare exactly one ApiScope policy");
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                async Task<int> SendAsync(HttpClient client, string? key)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), FillParameters(pattern));
                    if (key is not null)
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    if (method is "POST" or "PUT" or "PATCH")
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await client.SendAsync(request);
                    return (int)response.StatusCode;
                }
                foreach (var (scope, key) in keys)
                {
                    var status = await SendAsync(staff.Central.Http, key);
                    var ok = scope == scopes[0] ? status is not (401 or 403) and < 500 : status == 403;
                    if (!ok)
                        wrong.Add($"key with {scope} {method} {pattern}: {status}");
                }
                foreach (var principal in Principals.Append("admin-key"))
                {
                    var status = await SendAsync(staff.ByRole[principal], null);
                    if (status != 401)
                        wrong.Add($"{principal} {method} {pattern}: {status} (expected 401: tenant keys only)");
                }
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task MapPage_Anonymous_RedirectsToLoginWithReturnUrl()
    {
        using var response = await staff.ByRole["anonymous"].GetAsync("/vehicles");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fvehicles", StaffLogin.LocationPath(response, staff.Central));
    }

    /// <summary>The roles every listed policy admits; null (and a recorded failure) when there is none.</summary>
    private static string[]? AllowedRoles(IEnumerable<string?> policies, string what, List<string> wrong)
    {
        var named = policies.ToList();
        if (named.Count == 0 || named.Any(p => p is null || !FleetPolicies.StaffRoles.ContainsKey(p)))
        {
            wrong.Add($"{what}: declares no staff policy from FleetPolicies ({string.Join(", ", named.Select(p => p ?? "[Authorize] without policy"))})");
            return null;
        }
        return named.Select(p => FleetPolicies.StaffRoles[p!]).Aggregate((a, b) => a.Intersect(b).ToArray());
    }

    private static string FillParameters(string template) =>
        RouteParameter().Replace(template, _ => Guid.NewGuid().ToString());

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
