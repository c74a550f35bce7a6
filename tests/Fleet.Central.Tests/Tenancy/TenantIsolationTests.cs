using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Data;
using Fleet.Central.Coverage;
using Fleet.Central.Finance;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tracks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Tenancy;

/// <summary>Two tenants with a vehicle each (with real positions) and a key each with every scope; tenant A
/// also has a SIM, an open alert and a webhook, and the drive is folded into the coverage grid.</summary>
public sealed class TwoTenants : IAsyncLifetime
{
    // The tests trigger evaluation and aggregation themselves.
    public CentralFixture Central { get; } = new CentralFixture()
        .With("Alerts:EvaluationIntervalSeconds", "3600")
        .With("Finance:UsageIntervalSeconds", "3600")
        .With("Coverage:AggregationIntervalSeconds", "3600");
    public CreatedKeyBody KeyA { get; private set; } = null!;
    public CreatedKeyBody KeyB { get; private set; } = null!;
    public EnrolledAgent VehicleA { get; private set; } = null!;
    public EnrolledAgent VehicleB { get; private set; } = null!;
    public EnrolledAgent OperatorVehicle { get; private set; } = null!;
    public DateTimeOffset Start { get; } = NorwayTraces.RecentStart();
    public Guid TenantA { get; private set; }
    public Guid SimA { get; private set; }
    public Guid AlertA { get; private set; }
    public Guid WebhookA { get; private set; }

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
        TenantA = a.Id;

        var services = Central.App.Services;
        var sim = await services.GetRequiredService<ISimFinanceService>().CreateSimAsync(new CreateSimRequest(
            Coverage.LinkBatches.Iccid(7001), "Telia", "Prepaid", "prepaid", Guid.Parse(VehicleA.VehicleId),
            PrepaidBalance: 10m, PricePerGb: 1m), null, default);
        SimA = sim.Value!.Id;
        // Vehicle A's box silent for two hours: the real rule opens an offline alert owned by tenant A.
        await Central.ScalarAsync<int>("UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1 RETURNING 1",
            Guid.Parse(VehicleA.DeviceId));
        await services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(default);
        var alerts = await services.GetRequiredService<IAlertService>().ListAsync(new AlertQuery(a.Id), default);
        AlertA = Assert.Single(alerts).Id;
        var hook = await services.GetRequiredService<IAlertService>().CreateWebhookAsync(a.Id, "http://127.0.0.1:9/fleet-hook", null, default);
        WebhookA = hook.Value!.Webhook.Id;
        await services.GetRequiredService<CoverageAggregator>().CatchUpAsync(default);
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

    /// <summary>Tenant A's resource for each route parameter /api/v1 uses. A route with a parameter not listed
    /// here fails the test: a new kind of resource needs an instance owned by tenant A first.</summary>
    private Dictionary<string, string> ResourcesOfA() => new()
    {
        ["vehicleId"] = tenants.VehicleA.VehicleId,
        ["simId"] = tenants.SimA.ToString(),
        ["alertId"] = tenants.AlertA.ToString(),
        ["webhookId"] = tenants.WebhookA.ToString(),
    };

    private IReadOnlyList<(string Method, RouteEndpoint Endpoint)> AllV1Routes() =>
        Central.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e)))
            .ToList();

    /// <summary>Valid query parameters for any v1 GET (each endpoint ignores the ones it does not take).</summary>
    private string QueryFor(string pattern)
    {
        if (pattern.EndsWith("/usage", StringComparison.Ordinal))
            return $"?from={tenants.Start.AddDays(-1):yyyy-MM-dd}&to={tenants.Start:yyyy-MM-dd}";
        return "?" + RangeQuery + "&bbox=-180,-90,180,90";
    }

    private async Task<string> StateOfAAsync() => string.Join("|",
        await Central.ScalarAsync<long>("SELECT count(*) FROM sim_top_ups WHERE sim_id = $1", tenants.SimA),
        await Central.ScalarAsync<short>("SELECT status FROM alerts WHERE id = $1", tenants.AlertA),
        await Central.ScalarAsync<long>("SELECT count(*) FROM alert_webhooks WHERE id = $1", tenants.WebhookA));

    [Fact]
    public async Task EveryV1Endpoint_OtherTenantsResources_404OrAbsentAndNothingStoredChanges()
    {
        var routes = AllV1Routes();
        foreach (var expected in new[] { "/api/v1/sims", "/api/v1/sims/{simId:guid}/top-ups", "/api/v1/alerts",
                     "/api/v1/alerts/{alertId:guid}/acknowledge", "/api/v1/coverage/cells", "/api/v1/webhooks" })
            Assert.Contains(routes, r => r.Endpoint.RoutePattern.RawText == expected);

        var resources = ResourcesOfA();
        var idsOfA = resources.Values.Append("tram-of-a").ToList();
        var before = await StateOfAAsync();
        Assert.Equal("0|0|1", before); // no top-ups, alert open, webhook there
        var leaks = new List<string>();
        foreach (var (method, endpoint) in routes)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var unknown = endpoint.RoutePattern.Parameters.Select(p => p.Name).Where(n => !resources.ContainsKey(n)).ToList();
            if (unknown.Count > 0)
            {
                leaks.Add($"{method} {pattern}: no resource of tenant A for parameter(s) {string.Join(", ", unknown)}");
                continue;
            }
            var path = endpoint.RoutePattern.Parameters.Aggregate(pattern,
                (p, parameter) => System.Text.RegularExpressions.Regex.Replace(p, $@"\{{{parameter.Name}(:[^}}]*)?\}}", resources[parameter.Name]));
            var query = method == "GET" ? QueryFor(pattern) : "";
            using var asB = await CallAsync(method, path + query, tenants.KeyB.Key);
            var body = await asB.Content.ReadAsStringAsync();
            if (endpoint.RoutePattern.Parameters.Count > 0)
            {
                if (asB.StatusCode != HttpStatusCode.NotFound || asB.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    leaks.Add($"{method} {pattern} on A's resource as tenant B: {(int)asB.StatusCode} {asB.Content.Headers.ContentType}");
            }
            else if (method == "GET" && (int)asB.StatusCode >= 400)
            {
                leaks.Add($"{method} {pattern} as tenant B: {(int)asB.StatusCode} {body}");
            }
            // The id B asked for may be echoed back ("… not found"); anything else of A's is a leak.
            foreach (var id in idsOfA.Where(id => !path.Contains(id, StringComparison.Ordinal) && body.Contains(id, StringComparison.OrdinalIgnoreCase)))
                leaks.Add($"{method} {pattern} as tenant B: body names A's {id}");
            if (method == "GET" && endpoint.RoutePattern.Parameters.Count > 0)
            {
                using var asA = await CallAsync(method, path + query, tenants.KeyA.Key);
                if (asA.StatusCode != HttpStatusCode.OK)
                    leaks.Add($"{method} {pattern} as owner: {(int)asA.StatusCode} (expected 200) {await asA.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        // Tenant B's writes on A's SIM, alert and webhook touched nothing.
        Assert.Equal(before, await StateOfAAsync());
        Assert.Equal((short)AlertStatus.Open, await Central.ScalarAsync<short>("SELECT status FROM alerts WHERE id = $1", tenants.AlertA));
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
