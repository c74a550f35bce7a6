using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Tenancy;

public sealed record TenantBody(Guid Id, string Name, DateTimeOffset CreatedAt);

public sealed record CreatedKeyBody(Guid Id, Guid TenantId, string Name, string Key, string Prefix, string[] Scopes, DateTimeOffset CreatedAt);

public sealed record KeyBody(Guid Id, Guid TenantId, string Name, string Prefix, string[] Scopes,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>Tenants, keys and vehicle ownership set up through the real admin API.</summary>
public static class ApiClients
{
    public static readonly string[] AllScopes =
        ["vehicles:read", "positions:read", "sims:read", "sims:write", "alerts:read", "alerts:write", "coverage:read"];

    public static async Task<HttpResponseMessage> AdminAsync(CentralFixture central, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CentralFixture.AdminKey);
        return await central.Http.SendAsync(request);
    }

    public static async Task<TenantBody> CreateTenantAsync(CentralFixture central, string name)
    {
        using var response = await AdminAsync(central, HttpMethod.Post, "/api/admin/tenants", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TenantBody>())!;
    }

    public static async Task<CreatedKeyBody> CreateKeyAsync(CentralFixture central, Guid tenantId, params string[] scopes)
    {
        using var response = await AdminAsync(central, HttpMethod.Post, $"/api/admin/tenants/{tenantId}/api-keys",
            new { name = "test key", scopes = scopes.Length == 0 ? AllScopes : scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedKeyBody>())!;
    }

    public static async Task AssignAsync(CentralFixture central, string vehicleId, Guid? tenantId)
    {
        using var response = await AdminAsync(central, HttpMethod.Put, $"/api/admin/vehicles/{vehicleId}/tenant", new { tenantId });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>A GET with a tenant API key, as Bearer or as X-Api-Key.</summary>
    public static async Task<HttpResponseMessage> GetAsync(CentralFixture central, string key, string path, bool asHeader = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (asHeader)
            request.Headers.Add("X-Api-Key", key);
        else
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await central.Http.SendAsync(request);
    }

    public static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
