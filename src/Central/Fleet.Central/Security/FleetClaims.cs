namespace Fleet.Central.Security;

/// <summary>Claim types of Fleet principals beyond the standard name/role ones.</summary>
public static class FleetClaims
{
    /// <summary>The tenant id an API key belongs to (every /api/v1 principal has exactly one).</summary>
    public const string Tenant = "fleet:tenant";

    /// <summary>The API key id (the rate-limit partition).</summary>
    public const string ApiKeyId = "fleet:api-key";

    /// <summary>One claim per granted API scope, e.g. "vehicles:read".</summary>
    public const string Scope = "scope";
}
