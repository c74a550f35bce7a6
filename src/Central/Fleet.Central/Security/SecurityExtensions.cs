using Microsoft.AspNetCore.Authentication;

namespace Fleet.Central.Security;

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddFleetSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(AdminKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(FleetPolicies.Admin, policy => policy.RequireRole(FleetRoles.Admin));
        return builder;
    }
}
