namespace Fleet.Central.Users;

/// <summary>A staff member who logs in to the dashboard. One role per user (<see cref="Security.FleetRoles"/>).</summary>
public sealed class User
{
    public Guid Id { get; set; }
    /// <summary>Stored lower-case, so the unique index is case-insensitive in effect.</summary>
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, versioned, salted).</summary>
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
}
