using Fleet.Central.Common;
using Fleet.Central.Security;
using Fleet.Central.Users;
using Microsoft.AspNetCore.Components;

namespace Fleet.Central.Components.Pages.Admin;

/// <summary>Administrators manage staff accounts: create with a role, change the role, disable or enable,
/// reset the password (a generated one, shown once). <see cref="UserService"/> does the work.</summary>
public sealed partial class Users : ComponentBase
{
    private IReadOnlyList<UserAccount>? _users;
    private string? _error;
    private string? _notice;
    private (string Email, string Password)? _newPassword;
    private bool _busy;

    [Inject] private UserService Service { get; set; } = null!;

    private string Email { get; set; } = "";
    private string DisplayName { get; set; } = "";
    private string Role { get; set; } = FleetRoles.Noc;
    private string Password { get; set; } = "";

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>Rows are keyed by it, so a reload rebuilds them: a role select the server refused shows the
    /// stored role again instead of what was picked in the browser.</summary>
    private int _loads;

    private async Task LoadAsync()
    {
        _users = await Service.ListAccountsAsync(CancellationToken.None);
        _loads++;
    }

    private Task CreateAsync() => RunAsync(async () =>
    {
        var outcome = await Service.CreateAsync(new CreateUserRequest(Email, Password, Role, DisplayName), CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        _notice = $"Created {outcome.Value.Email} ({outcome.Value.Role}).";
        Email = DisplayName = Password = "";
        return null;
    });

    private Task ChangeRoleAsync(UserAccount user, string? role) => RunAsync(async () =>
    {
        var outcome = await Service.ChangeRoleAsync(user.Id, role, CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        _notice = $"{user.Email} is now {outcome.Value.Role}.";
        return null;
    });

    private Task SetDisabledAsync(UserAccount user, bool disabled) => RunAsync(async () =>
    {
        var outcome = await Service.SetDisabledAsync(user.Id, disabled, CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        _notice = disabled ? $"{user.Email} is disabled and can no longer log in." : $"{user.Email} is enabled again.";
        return null;
    });

    private Task ResetPasswordAsync(UserAccount user) => RunAsync(async () =>
    {
        var password = GeneratedPassword.Create();
        var outcome = await Service.ResetPasswordAsync(user.Id, password, CancellationToken.None);
        if (!outcome.Succeeded)
            return outcome.Failure;
        _newPassword = (user.Email, password);
        return null;
    });

    /// <summary>One action at a time; its failure (or none) replaces the last message, and the list is re-read
    /// (a refused change, e.g. demoting the last Admin, shows the row as it really is).</summary>
    private async Task RunAsync(Func<Task<Failure?>> action)
    {
        _busy = true;
        _error = _notice = null;
        _newPassword = null;
        try
        {
            _error = (await action())?.Message;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private static string RoleBadge(string role) => role switch
    {
        FleetRoles.Admin => "text-bg-dark",
        FleetRoles.Finance => "text-bg-info",
        _ => "text-bg-primary",
    };
}
