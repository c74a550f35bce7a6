namespace Fleet.Central.Users;

public sealed record CreateUserRequest(string? Email, string? Password, string? Role, string? DisplayName);

public sealed record UserResponse(
    Guid Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);
