using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Security;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Users;

/// <summary>Account administration (the dashboard's Users page): role changes, disabling, password resets.
/// The last enabled Admin can be neither demoted nor disabled, or nobody could administer central any more
/// (the bootstrap admin key aside).</summary>
public sealed partial class UserService
{
    /// <summary>Every account, enabled or not, ordered by email.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<User>().AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new UserAccount(u.Id, u.Email, u.DisplayName, u.Role, u.CreatedAt, u.LastLoginAt, u.DisabledAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome<UserAccount>> ChangeRoleAsync(Guid userId, string? role, CancellationToken cancellationToken)
    {
        var normalized = FleetRoles.Normalize(role);
        if (normalized is null)
            return Failure.Invalid($"role must be one of {string.Join(", ", FleetRoles.All)}.");
        var outcome = await ChangeAsync(userId, user => user.Role = normalized, cancellationToken);
        if (outcome.Succeeded)
            LogRoleChanged(logger, outcome.Value.Email, normalized);
        return outcome;
    }

    /// <summary>Disables (refuses further logins) or re-enables an account; the first disabling time is kept.</summary>
    public async Task<Outcome<UserAccount>> SetDisabledAsync(Guid userId, bool disabled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var outcome = await ChangeAsync(userId, user => user.DisabledAt = disabled ? user.DisabledAt ?? now : null, cancellationToken);
        if (outcome.Succeeded)
            LogDisabledChanged(logger, outcome.Value.Email, disabled);
        return outcome;
    }

    /// <summary>Sets a new password (an administrator hands it to the user).</summary>
    public async Task<Outcome<UserAccount>> ResetPasswordAsync(Guid userId, string? password, CancellationToken cancellationToken)
    {
        if (UserRules.CheckPassword(password) is { } problem)
            return Failure.Invalid($"password: {problem}");
        var outcome = await ChangeAsync(userId, user => user.PasswordHash = Hasher.HashPassword(user, password!), cancellationToken);
        if (outcome.Succeeded)
            LogPasswordReset(logger, outcome.Value.Email);
        return outcome;
    }

    /// <summary>Loads the account, applies <paramref name="change"/> and saves,
    /// refusing any change that would leave no enabled Admin. The enabled Admins' rows are locked for the
    /// duration, so two administrators demoting each other at once cannot both succeed.</summary>
    private async Task<Outcome<UserAccount>> ChangeAsync(Guid userId, Action<User> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var enabledAdmins = await db.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM users WHERE role = {FleetRoles.Admin} AND disabled_at IS NULL FOR UPDATE")
            .ToListAsync(cancellationToken);
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
            return Failure.NotFound($"User {userId} does not exist.");
        change(user);
        var stillAdmin = user.Role == FleetRoles.Admin && user.DisabledAt is null;
        if (!stillAdmin && enabledAdmins.Count == 1 && enabledAdmins[0] == user.Id)
            return Failure.FailedPrecondition($"{user.Email} is the last enabled Admin: make another user Admin first.");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UserAccount(user.Id, user.Email, user.DisplayName, user.Role, user.CreatedAt, user.LastLoginAt, user.DisabledAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Email} now has role {Role}")]
    private static partial void LogRoleChanged(ILogger logger, string email, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Email} disabled: {Disabled}")]
    private static partial void LogDisabledChanged(ILogger logger, string email, bool disabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of user {Email} reset by an administrator")]
    private static partial void LogPasswordReset(ILogger logger, string email);
}
