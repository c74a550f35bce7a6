namespace Fleet.Central.Security;

/// <summary>Staff roles (a user has exactly one). The bootstrap admin key authenticates as Admin too.</summary>
public static class FleetRoles
{
    public const string Admin = "Admin";
    public const string Noc = "NOC";
    public const string Finance = "Finance";

    public static IReadOnlyList<string> All { get; } = [Admin, Noc, Finance];

    /// <summary>The canonical spelling of a role name given in any case, or null when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
