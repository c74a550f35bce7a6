using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Central.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Tenancy;

/// <summary>Authenticates <c>Authorization: Bearer fk_…</c> or <c>X-Api-Key: fk_…</c> as a tenant API key.
/// The principal carries <see cref="FleetClaims.Tenant"/>, <see cref="FleetClaims.ApiKeyId"/> and one
/// <see cref="FleetClaims.Scope"/> claim per granted scope.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The presented key, from X-Api-Key or a Bearer credential in the fk_ shape; null otherwise.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString().Trim();
        if (header.Length > 0)
            return header;
        var bearer = Secrets.ParseBearer(request.Headers.Authorization.ToString());
        return ApiKeyFormat.LooksLikeKey(bearer) ? bearer : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
            return AuthenticateResult.NoResult();
        var identity = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (identity is null)
            return AuthenticateResult.Fail("API key not recognised or revoked");
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Name),
            new(FleetClaims.Tenant, identity.TenantId.ToString()),
            new(FleetClaims.ApiKeyId, identity.KeyId.ToString()),
        };
        claims.AddRange(identity.Scopes.Select(scope => new Claim(FleetClaims.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"fleet-api\"";
        return Task.CompletedTask;
    }
}
