using Fleet.Central.Tenancy;
using Fleet.Central.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fleet.Central.Security;

public static class SecurityExtensions
{
    /// <summary>Three credentials, one default scheme that forwards to the right one:
    /// tenant API keys (fk_…, /api/v1), the bootstrap admin bearer key (/api/admin), and staff cookies
    /// (dashboard, /api/admin). Policies are in <see cref="FleetPolicies"/>.</summary>
    public static WebApplicationBuilder AddFleetSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(FleetAuthenticationSchemes.Selector)
            .AddPolicyScheme(FleetAuthenticationSchemes.Selector, "API key, admin key or login cookie", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(FleetAuthenticationSchemes.Cookie, ConfigureCookie);

        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in FleetPolicies.StaffRoles)
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy(FleetPolicies.ApiScope(scope), p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(FleetClaims.Tenant)
                .RequireClaim(FleetClaims.Scope, scope));
        }
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    private static string SelectScheme(HttpContext context)
    {
        // The gRPC gateways check their own credentials (device secrets, the registration key): their bearer
        // tokens are not admin keys, and trying them as such logged a failure on every heartbeat.
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
            return FleetAuthenticationSchemes.Cookie;
        if (ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null)
            return ApiKeyAuthenticationHandler.SchemeName;
        if (Secrets.ParseBearer(context.Request.Headers.Authorization.ToString()) is not null)
            return AdminKeyAuthenticationHandler.SchemeName;
        return FleetAuthenticationSchemes.Cookie;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "fleet.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.LoginPath = "/account/login";
        options.LogoutPath = "/account/logout";
        options.AccessDeniedPath = "/account/access-denied";
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        // An API client gets a status code, not the HTML login page.
        options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        options.Events.OnValidatePrincipal = UserSessionValidator.ValidateAsync;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (FleetAuthenticationSchemes.IsApiRequest(context.Request))
            context.Response.StatusCode = apiStatus;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
