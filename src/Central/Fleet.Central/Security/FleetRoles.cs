namespace Fleet.Central.Security;

/// <summary>Staff roles. Only Admin has a credential so far (the bootstrap key); NOC and Finance are the
/// roles the dashboard and finance APIs will require.</summary>
public static class FleetRoles
{
    public const string Admin = "Admin";
    public const string Noc = "NOC";
    public const string Finance = "Finance";
}

public static class FleetPolicies
{
    public const string Admin = "Admin";
}
