using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Tenancy;

public sealed class ApiKeyTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task CreateApiKey_Admin_ShowsKeyOnceAndStoresOnlyItsHash()
    {
        var tenant = await ApiClients.CreateTenantAsync(central, "hash-check");

        var created = await ApiClients.CreateKeyAsync(central, tenant.Id, "vehicles:read");

        Assert.Matches("^fk_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$", created.Key);
        Assert.Equal(created.Key[3..11], created.Prefix);
        var stored = await central.ScalarAsync<byte[]>("SELECT secret_hash FROM api_keys WHERE id = $1", created.Id);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key)), stored);
        Assert.Equal(0, await central.ScalarAsync<long>(
            "SELECT count(*) FROM api_keys a WHERE position($1 in a::text) > 0", created.Key[12..]));
        using var list = await ApiClients.AdminAsync(central, HttpMethod.Get, $"/api/admin/tenants/{tenant.Id}/api-keys");
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains(created.Prefix, text);
        Assert.DoesNotContain(created.Key, text);
    }

    [Fact]
    public async Task ApiKey_Used_RecordsLastUsedTime()
    {
        var tenant = await ApiClients.CreateTenantAsync(central, "last-used");
        var key = await ApiClients.CreateKeyAsync(central, tenant.Id, "vehicles:read");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await ApiClients.GetAsync(central, key.Key, "/api/v1/vehicles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = await ApiClients.AdminAsync(central, HttpMethod.Get, $"/api/admin/tenants/{tenant.Id}/api-keys");
        var listed = (await list.Content.ReadFromJsonAsync<KeyBody[]>())!.Single(k => k.Id == key.Id);
        Assert.NotNull(listed.LastUsedAt);
        Assert.True(listed.LastUsedAt >= before);
    }

    [Fact]
    public async Task RevokedKey_Used_Returns401Problem()
    {
        var tenant = await ApiClients.CreateTenantAsync(central, "revoked");
        var key = await ApiClients.CreateKeyAsync(central, tenant.Id, "vehicles:read");
        using (var ok = await ApiClients.GetAsync(central, key.Key, "/api/v1/vehicles"))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using (var revoke = await ApiClients.AdminAsync(central, HttpMethod.Delete, $"/api/admin/api-keys/{key.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var refused = await ApiClients.GetAsync(central, key.Key, "/api/v1/vehicles");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("fk_abcdefgh_thisisnotarealkeythisisnotarealkeyxxxxxxx")]
    [InlineData("fk_garbage")]
    public async Task UnknownKey_Used_Returns401(string key)
    {
        using var response = await ApiClients.GetAsync(central, key, "/api/v1/vehicles");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Key_WithoutScope_Returns403()
    {
        var tenant = await ApiClients.CreateTenantAsync(central, "scoped");
        var key = await ApiClients.CreateKeyAsync(central, tenant.Id, "positions:read");

        using var response = await ApiClients.GetAsync(central, key.Key, "/api/v1/vehicles");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AdminKeyOrNoCredential_OnApiV1_Returns401()
    {
        using var adminKey = await ApiClients.GetAsync(central, CentralFixture.AdminKey, "/api/v1/vehicles");
        using var none = await central.Http.GetAsync("/api/v1/vehicles");

        Assert.Equal(HttpStatusCode.Unauthorized, adminKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"k\",\"scopes\":[\"vehicles:write\"]}")]
    [InlineData("{\"name\":\"k\",\"scopes\":[]}")]
    [InlineData("{\"name\":\"\",\"scopes\":[\"vehicles:read\"]}")]
    public async Task CreateApiKey_BadRequest_Returns400AndStoresNothing(string body)
    {
        var tenant = await ApiClients.CreateTenantAsync(central, "bad-" + Guid.NewGuid().ToString("N")[..8]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/tenants/{tenant.Id}/api-keys")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CentralFixture.AdminKey);

        using var response = await central.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE tenant_id = $1", tenant.Id));
    }

    [Fact]
    public async Task CreateApiKey_UnknownTenant_Returns404()
    {
        using var response = await ApiClients.AdminAsync(central, HttpMethod.Post, $"/api/admin/tenants/{Guid.NewGuid()}/api-keys",
            new { name = "k", scopes = new[] { "vehicles:read" } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
