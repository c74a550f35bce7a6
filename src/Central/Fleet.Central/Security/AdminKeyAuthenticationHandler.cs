using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Central.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Security;

/// <summary>Authenticates "Authorization: Bearer &lt;Central:AdminKey&gt;" as the bootstrap administrator. A scheme
/// (rather than an endpoint filter) so later user accounts and API keys slot in beside it with roles.</summary>
public sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<CentralOptions> central)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "AdminKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Secrets.ParseBearer(Request.Headers.Authorization.ToString());
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!Secrets.KeyEquals(presented, central.Value.AdminKey))
            return Task.FromResult(AuthenticateResult.Fail("admin key not recognised"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "bootstrap-admin"), new Claim(ClaimTypes.Role, FleetRoles.Admin)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
