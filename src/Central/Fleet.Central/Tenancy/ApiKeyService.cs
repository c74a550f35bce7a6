using System.Security.Cryptography;
using System.Text;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Tenancy;

/// <summary>Creates, lists, revokes and checks tenant API keys.</summary>
public sealed partial class ApiKeyService(
    IDbContextFactory<FleetDbContext> contexts, TimeProvider time, ILogger<ApiKeyService> logger)
{
    public const int MaxNameLength = 200;

    /// <summary>last_used_at is a hint for operators, not an audit log: writing it on every request would
    /// turn each read into a write, so it is refreshed at most this often.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Outcome<CreatedApiKeyResponse>> CreateAsync(
        Guid tenantId, string? name, string[]? scopes, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            return Failure.Invalid("name is required.");
        if (trimmed.Length > MaxNameLength)
            return Failure.Invalid($"name is longer than {MaxNameLength} characters.");
        if (scopes is null || scopes.Length == 0)
            return Failure.Invalid($"scopes is required: one or more of {string.Join(", ", ApiScopes.All)}.");
        var unknown = scopes.Where(s => !ApiScopes.IsKnown(s)).ToArray();
        if (unknown.Length > 0)
            return Failure.Invalid($"Unknown scope(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ApiScopes.All)}.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Tenant>().AnyAsync(t => t.Id == tenantId, cancellationToken))
            return Failure.NotFound($"Tenant {tenantId} does not exist.");

        var now = time.GetUtcNow();
        var (key, prefix) = ApiKeyFormat.Generate();
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Name = trimmed,
            Prefix = prefix,
            SecretHash = Hash(key),
            Scopes = scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            CreatedAt = now,
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, row.Id, tenantId, row.Prefix);
        return new CreatedApiKeyResponse(row.Id, tenantId, row.Name, key, row.Prefix, row.Scopes, row.CreatedAt);
    }

    public async Task<Outcome<ApiKeyResponse[]>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Tenant>().AnyAsync(t => t.Id == tenantId, cancellationToken))
            return Failure.NotFound($"Tenant {tenantId} does not exist.");
        return await db.Set<ApiKey>().AsNoTracking()
            .Where(k => k.TenantId == tenantId)
            .OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.TenantId, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToArrayAsync(cancellationToken);
    }

    /// <summary>Revokes a key (idempotent: revoking twice keeps the first revocation time).</summary>
    public async Task<Outcome<bool>> RevokeAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<ApiKey>().AnyAsync(k => k.Id == keyId, cancellationToken);
        if (!found)
            return Failure.NotFound($"API key {keyId} does not exist.");
        await db.Set<ApiKey>().Where(k => k.Id == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, now), cancellationToken);
        LogRevoked(logger, keyId);
        return true;
    }

    /// <summary>The identity behind a presented key, or null (unknown, malformed, or revoked key).</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var prefix = ApiKeyFormat.PrefixOf(presented);
        if (prefix is null)
            return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (row is null || row.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(Hash(presented), row.SecretHash))
            return null;
        var now = time.GetUtcNow();
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= LastUsedResolution)
        {
            await db.Set<ApiKey>().Where(k => k.Id == row.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return new ApiKeyIdentity(row.Id, row.TenantId, row.Name, row.Scopes);
    }

    internal static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} created for tenant {TenantId} (prefix {Prefix})")]
    private static partial void LogCreated(ILogger logger, Guid keyId, Guid tenantId, string prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} revoked")]
    private static partial void LogRevoked(ILogger logger, Guid keyId);
}
