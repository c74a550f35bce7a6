using Fleet.Central.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fleet.Central.Users;

/// <summary>Checks a login cookie against the account on every request, so disabling a user or changing
/// their role takes effect at once rather than when the 8-hour cookie runs out.</summary>
public static class UserSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var user = context.Principal is { } principal
            ? await users.FindSignedInAsync(principal, context.HttpContext.RequestAborted)
            : null;
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(FleetAuthenticationSchemes.Cookie);
            return;
        }

        if (!context.Principal!.IsInRole(user.Role) || context.Principal.Identity?.Name != user.Email)
        {
            context.ReplacePrincipal(UserPrincipal.Create(user));
            context.ShouldRenew = true;
        }
    }
}
