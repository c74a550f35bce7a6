using System.Security.Claims;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fleet.Central.Users;

/// <summary>Staff accounts: creation (admin API, bootstrap) and password checks (login page).</summary>
public sealed partial class UserService(
    IDbContextFactory<FleetDbContext> contexts, TimeProvider time, ILogger<UserService> logger)
{
    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Verified against when the email is unknown, so a wrong email costs as long as a wrong
    /// password (no timing oracle for which accounts exist).</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(
        new User { Email = "", DisplayName = "", PasswordHash = "", Role = "" }, Guid.NewGuid().ToString());

    public async Task<Outcome<UserResponse>> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        if (UserRules.CheckEmail(request.Email) is { } emailProblem)
            return Failure.Invalid($"email: {emailProblem}");
        if (UserRules.CheckPassword(request.Password) is { } passwordProblem)
            return Failure.Invalid($"password: {passwordProblem}");
        var role = FleetRoles.Normalize(request.Role);
        if (role is null)
            return Failure.Invalid($"role must be one of {string.Join(", ", FleetRoles.All)}.");
        var email = UserRules.NormalizeEmail(request.Email);
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim();
        if (displayName.Length > 200)
            return Failure.Invalid("displayName is longer than 200 characters.");

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            Email = email,
            DisplayName = displayName,
            PasswordHash = "",
            Role = role,
            CreatedAt = now,
        };
        user.PasswordHash = Hasher.HashPassword(user, request.Password!);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Failure(FailureKind.Conflict, $"A user with email {email} already exists.");
        }
        LogCreated(logger, user.Email, user.Role);
        return ToResponse(user);
    }

    public async Task<UserResponse[]> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Set<User>().AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        return users.Select(ToResponse).ToArray();
    }

    /// <summary>The account behind a login (cookie or dashboard circuit), while it exists and is enabled.</summary>
    public async Task<User?> FindSignedInAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<User>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.DisabledAt == null, cancellationToken);
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<User>().AnyAsync(cancellationToken);
    }

    /// <summary>The user for a correct email/password pair of an enabled account; one message for every
    /// refusal, so the login form does not reveal which part was wrong.</summary>
    public async Task<Outcome<User>> VerifyPasswordAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var refused = Failure.Unauthenticated("Email or password is not correct.");
        var normalized = UserRules.NormalizeEmail(email);
        if (normalized.Length == 0 || string.IsNullOrEmpty(password) || password.Length > UserRules.MaxPasswordLength)
            return refused;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(new User { Email = "", DisplayName = "", PasswordHash = "", Role = "" }, DecoyHash, password);
            LogRefused(logger, normalized);
            return refused;
        }
        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed || user.DisabledAt is not null)
        {
            LogRefused(logger, normalized);
            return refused;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = Hasher.HashPassword(user, password);
        user.LastLoginAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private static UserResponse ToResponse(User user) =>
        new(user.Id, user.Email, user.DisplayName, user.Role, user.CreatedAt, user.LastLoginAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Email} created with role {Role}")]
    private static partial void LogCreated(ILogger logger, string email, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused for {Email}")]
    private static partial void LogRefused(ILogger logger, string email);
}
