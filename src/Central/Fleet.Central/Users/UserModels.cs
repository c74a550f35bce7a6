namespace Fleet.Central.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? Role, string? DisplayName);

public sealed record UserResponse(
    Guid Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

/// <summary>An account as the Users page shows it: <see cref="UserResponse"/> plus whether it is disabled.</summary>
public sealed record UserAccount(
    Guid Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt,
    DateTimeOffset? DisabledAt)
{
    public bool Disabled => DisabledAt is not null;
}
