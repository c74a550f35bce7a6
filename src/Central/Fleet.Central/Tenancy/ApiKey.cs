namespace Fleet.Central.Tenancy;

/// <summary>A tenant's credential for /api/v1. Only the SHA-256 of the key is stored; <see cref="Prefix"/>
/// is the non-secret part of the key used to find the row (so lookups are an index hit, not a scan).</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] SecretHash { get; set; }
    public required string[] Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
