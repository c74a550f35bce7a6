using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Fleet.Central.Users;

/// <summary>A dashboard page stays open for hours on one circuit, which never sees the cookie again: every
/// minute it re-checks the account, and a disabled user or a changed role signs the page out.</summary>
public sealed class UserCircuitRevalidator(ILoggerFactory loggers, UserService users)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (state.User.Identity?.IsAuthenticated != true)
            return true;
        var user = await users.FindSignedInAsync(state.User, cancellationToken);
        return user is not null && state.User.IsInRole(user.Role);
    }
}
