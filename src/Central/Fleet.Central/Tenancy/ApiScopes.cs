namespace Fleet.Central.Tenancy;

/// <summary>What an API key may do. Each /api/v1 endpoint requires exactly one of these
/// (policy <see cref="Security.FleetPolicies.ApiScope"/>).</summary>
public static class ApiScopes
{
    public const string VehiclesRead = "vehicles:read";
    public const string PositionsRead = "positions:read";
    public const string SimsRead = "sims:read";
    public const string SimsWrite = "sims:write";
    public const string AlertsRead = "alerts:read";
    public const string AlertsWrite = "alerts:write";
    public const string CoverageRead = "coverage:read";

    public static IReadOnlyList<string> All { get; } =
        [VehiclesRead, PositionsRead, SimsRead, SimsWrite, AlertsRead, AlertsWrite, CoverageRead];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
