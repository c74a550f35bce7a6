using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fleet.Central.Security;

public static class FleetAuthenticationSchemes
{
    /// <summary>The default scheme: picks API key, admin key or cookie by what the request carries.</summary>
    public const string Selector = "Fleet";

    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Paths answered with 401/403 instead of redirects to the login page.</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");
}
