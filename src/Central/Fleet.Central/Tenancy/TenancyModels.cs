namespace Fleet.Central.Tenancy;

public sealed record CreateTenantRequest(string? Name);

public sealed record TenantResponse(Guid Id, string Name, DateTimeOffset CreatedAt);

public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes);

/// <summary>The only response that ever carries the key itself.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id, Guid TenantId, string Name, string Key, string Prefix, string[] Scopes, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(
    Guid Id, Guid TenantId, string Name, string Prefix, string[] Scopes,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record AssignVehicleTenantRequest(Guid? TenantId);

/// <summary>The identity an API key authenticates to (what the handler puts into the principal).</summary>
public sealed record ApiKeyIdentity(Guid KeyId, Guid TenantId, string Name, IReadOnlyList<string> Scopes);
