using System.Net;
using Fleet.Central.Common;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Users;

/// <summary>Account administration behind the dashboard's Users page, against real PostgreSQL. Only
/// <see cref="ChangeAsync_LastEnabledAdmin_Refused"/> creates Admins, so it controls how many there are.</summary>
public sealed class UserAccountTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private const string Password = "initial-password-1";

    private UserService Users => central.App.Services.GetRequiredService<UserService>();

    [Fact]
    public async Task ChangeRoleAsync_AnyCase_StoresCanonicalRole()
    {
        var user = await CreateAsync("role-change@fleet.test", "NOC");

        var outcome = await Users.ChangeRoleAsync(user.Id, "finance", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("Finance", await central.ScalarAsync<string>("SELECT role FROM users WHERE id = $1", user.Id));
    }

    [Fact]
    public async Task ChangeRoleAsync_UnknownRole_Invalid()
    {
        var user = await CreateAsync("role-unknown@fleet.test", "NOC");

        var outcome = await Users.ChangeRoleAsync(user.Id, "Superuser", CancellationToken.None);

        Assert.Equal(FailureKind.InvalidArgument, outcome.Failure!.Kind);
        Assert.Equal("NOC", await central.ScalarAsync<string>("SELECT role FROM users WHERE id = $1", user.Id));
    }

    [Fact]
    public async Task SetDisabledAsync_DisabledThenEnabled_LoginRefusedThenAccepted()
    {
        var user = await CreateAsync("disable@fleet.test", "Finance");

        Assert.True((await Users.SetDisabledAsync(user.Id, true, CancellationToken.None)).Value!.Disabled);
        Assert.False((await Users.VerifyPasswordAsync(user.Email, Password, CancellationToken.None)).Succeeded);

        Assert.False((await Users.SetDisabledAsync(user.Id, false, CancellationToken.None)).Value!.Disabled);
        Assert.True((await Users.VerifyPasswordAsync(user.Email, Password, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task ResetPasswordAsync_NewPassword_OldRefusedNewAccepted()
    {
        var user = await CreateAsync("reset@fleet.test", "NOC");

        Assert.True((await Users.ResetPasswordAsync(user.Id, "a-brand-new-password", CancellationToken.None)).Succeeded);

        Assert.False((await Users.VerifyPasswordAsync(user.Email, Password, CancellationToken.None)).Succeeded);
        Assert.True((await Users.VerifyPasswordAsync(user.Email, "a-brand-new-password", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task ResetPasswordAsync_TooShort_InvalidAndOldPasswordKept()
    {
        var user = await CreateAsync("reset-short@fleet.test", "NOC");

        Assert.Equal(FailureKind.InvalidArgument, (await Users.ResetPasswordAsync(user.Id, "short", CancellationToken.None)).Failure!.Kind);
        Assert.True((await Users.VerifyPasswordAsync(user.Email, Password, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task ChangeAsync_LastEnabledAdmin_Refused()
    {
        var first = await CreateAsync("admin-one@fleet.test", "Admin");
        Assert.Equal(FailureKind.FailedPrecondition, (await Users.ChangeRoleAsync(first.Id, "NOC", CancellationToken.None)).Failure!.Kind);
        Assert.Equal(FailureKind.FailedPrecondition, (await Users.SetDisabledAsync(first.Id, true, CancellationToken.None)).Failure!.Kind);

        var second = await CreateAsync("admin-two@fleet.test", "Admin");
        Assert.True((await Users.ChangeRoleAsync(first.Id, "NOC", CancellationToken.None)).Succeeded);

        Assert.Equal(FailureKind.FailedPrecondition, (await Users.SetDisabledAsync(second.Id, true, CancellationToken.None)).Failure!.Kind);
        Assert.Equal("Admin", await central.ScalarAsync<string>("SELECT role FROM users WHERE id = $1", second.Id));
        Assert.Equal(1L, await central.ScalarAsync<long>("SELECT count(*) FROM users WHERE role = 'Admin' AND disabled_at IS NULL"));
    }

    [Fact]
    public async Task ListAccountsAsync_DisabledUser_ListedDisabled()
    {
        var user = await CreateAsync("listed@fleet.test", "Finance");
        await Users.SetDisabledAsync(user.Id, true, CancellationToken.None);

        var listed = Assert.Single(await Users.ListAccountsAsync(CancellationToken.None), a => a.Id == user.Id);

        Assert.True(listed.Disabled);
        Assert.Equal("Finance", listed.Role);
    }

    [Fact]
    public async Task SetDisabledAsync_UserLoggedIn_CookieRefusedOnNextRequest()
    {
        var user = await CreateAsync("logged-in-disabled@fleet.test", "NOC");
        using var client = await StaffLogin.LoggedInAsync(central, user.Email, Password);
        using (var before = await client.GetAsync("/vehicles"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await Users.SetDisabledAsync(user.Id, true, CancellationToken.None);

        using var after = await client.GetAsync("/vehicles");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", StaffLogin.LocationPath(after, central));
    }

    [Fact]
    public async Task ChangeRoleAsync_UserLoggedIn_NewRoleAppliesOnNextRequest()
    {
        var user = await CreateAsync("logged-in-promoted@fleet.test", "Finance");
        using var client = await StaffLogin.LoggedInAsync(central, user.Email, Password);
        using (var before = await client.GetAsync("/vehicles"))
            Assert.Equal(HttpStatusCode.Redirect, before.StatusCode); // Finance sees finance pages only

        await Users.ChangeRoleAsync(user.Id, "NOC", CancellationToken.None);

        using var after = await client.GetAsync("/vehicles");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private async Task<UserResponse> CreateAsync(string email, string role)
    {
        var outcome = await Users.CreateAsync(new CreateUserRequest(email, Password, role, null), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Failure?.Message);
        return outcome.Value;
    }
}
