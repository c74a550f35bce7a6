using System.Security.Claims;
using Fleet.Central.Security;

namespace Fleet.Central.Users;

/// <summary>The cookie principal of a logged-in user.</summary>
public static class UserPrincipal
{
    public static ClaimsPrincipal Create(User user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.Email),
            new Claim(ClaimTypes.GivenName, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role),
        ],
        FleetAuthenticationSchemes.Cookie));
}
