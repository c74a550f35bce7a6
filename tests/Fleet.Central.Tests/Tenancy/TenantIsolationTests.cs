using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tracks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Tenancy;

/// <summary>Two tenants with a vehicle each (with real positions) and a key each with every scope.</summary>
public sealed class TwoTenants : IAsyncLifetime
{
    public CentralFixture Central { get; } = new();
    public CreatedKeyBody KeyA { get; private set; } = null!;
    public CreatedKeyBody KeyB { get; private set; } = null!;
    public EnrolledAgent VehicleA { get; private set; } = null!;
    public EnrolledAgent VehicleB { get; private set; } = null!;
    public EnrolledAgent OperatorVehicle { get; private set; } = null!;
    public DateTimeOffset Start { get; } = NorwayTraces.RecentStart();

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        var a = await ApiClients.CreateTenantAsync(Central, "tenant-a");
        var b = await ApiClients.CreateTenantAsync(Central, "tenant-b");
        KeyA = await ApiClients.CreateKeyAsync(Central, a.Id);
        KeyB = await ApiClients.CreateKeyAsync(Central, b.Id);
        VehicleA = await EnrolledAgent.EnrollAsync(Central, "tram-of-a");
        VehicleB = await EnrolledAgent.EnrollAsync(Central, "bus-of-b");
        OperatorVehicle = await EnrolledAgent.EnrollAsync(Central, "operator-own");
        await ApiClients.AssignAsync(Central, VehicleA.VehicleId, a.Id);
        await ApiClients.AssignAsync(Central, VehicleB.VehicleId, b.Id);
        var drive = NorwayTraces.Load(NorwayTraces.Tram1216, Start).Take(300).ToList();
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(drive), VehicleA.Credentials);
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(drive), OperatorVehicle.Credentials);
    }

    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class TenantIsolationTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    private CentralFixture Central => tenants.Central;

    private string RangeQuery => $"from={ApiClients.Iso(tenants.Start.AddMinutes(-5))}&to={ApiClients.Iso(tenants.Start.AddHours(2))}&limit=10";

    /// <summary>Every /api/v1 route that names a vehicle, found from the running host (so endpoints added
    /// later are covered without editing this test).</summary>
    private IReadOnlyList<(string Method, string Pattern)> VehicleRoutes()
    {
        var sources = Central.App.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/v1/", StringComparison.Ordinal) &&
                        e.RoutePattern.Parameters.Any(p => p.Name == "vehicleId"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();
    }

    private static string Fill(string pattern, string vehicleId) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{vehicleId(:[^}]*)?\}", vehicleId);

    private async Task<HttpResponseMessage> CallAsync(string method, string path, string key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = JsonContent.Create(new { });
        return await Central.Http.SendAsync(request);
    }

    [Fact]
    public async Task EveryVehicleEndpoint_OtherTenantsVehicle_Returns404ProblemAndOwnerGets200()
    {
        var routes = VehicleRoutes();
        // The enumeration must at least find the endpoints this API ships with.
        foreach (var expected in new[] { "/api/v1/vehicles/{vehicleId:guid}", "/api/v1/vehicles/{vehicleId:guid}/positions",
                     "/api/v1/vehicles/{vehicleId:guid}/track", "/api/v1/vehicles/{vehicleId:guid}/trips" })
            Assert.Contains(routes, r => r.Pattern == expected);

        var leaks = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var path = Fill(pattern, tenants.VehicleA.VehicleId);
            var query = method == "GET" ? "?" + RangeQuery : "";
            using (var asB = await CallAsync(method, path + query, tenants.KeyB.Key))
            {
                if (asB.StatusCode != HttpStatusCode.NotFound || asB.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    leaks.Add($"{method} {pattern} as tenant B: {(int)asB.StatusCode} {asB.Content.Headers.ContentType}");
                var body = await asB.Content.ReadAsStringAsync();
                if (body.Contains("tram-of-a", StringComparison.Ordinal))
                    leaks.Add($"{method} {pattern} as tenant B: body names the vehicle");
            }
            // The operator's own vehicle (no tenant) is invisible to every tenant too.
            using (var own = await CallAsync(method, Fill(pattern, tenants.OperatorVehicle.VehicleId) + query, tenants.KeyA.Key))
            {
                if (own.StatusCode != HttpStatusCode.NotFound)
                    leaks.Add($"{method} {pattern} for the operator's vehicle: {(int)own.StatusCode}");
            }
            if (method == "GET")
            {
                using var asA = await CallAsync(method, path + query, tenants.KeyA.Key);
                if (asA.StatusCode != HttpStatusCode.OK)
                    leaks.Add($"{method} {pattern} as owner: {(int)asA.StatusCode} (expected 200)");
            }
        }
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task ListVehicles_EachTenant_SeesOnlyItsOwn()
    {
        foreach (var (key, own, other) in new[]
                 {
                     (tenants.KeyA.Key, tenants.VehicleA, tenants.VehicleB),
                     (tenants.KeyB.Key, tenants.VehicleB, tenants.VehicleA),
                 })
        {
            using var response = await ApiClients.GetAsync(Central, key, "/api/v1/vehicles");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetString()).ToList();
            Assert.Equal([own.VehicleId], ids);
            Assert.DoesNotContain(other.VehicleId, ids);
            Assert.DoesNotContain(tenants.OperatorVehicle.VehicleId, ids);
        }
    }

    [Fact]
    public async Task GetVehicle_XApiKeyHeader_AuthenticatesLikeBearer()
    {
        using var response = await ApiClients.GetAsync(Central, tenants.KeyA.Key, $"/api/v1/vehicles/{tenants.VehicleA.VehicleId}", asHeader: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("tram-of-a", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("lastPosition").ValueKind);
    }
}
