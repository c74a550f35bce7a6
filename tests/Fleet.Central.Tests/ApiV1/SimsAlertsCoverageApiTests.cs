using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Central.Alerts;
using Fleet.Central.Coverage;
using Fleet.Central.Finance;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tenancy;
using Fleet.Central.Tests.Tracks;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.ApiV1;

/// <summary>One tenant with a vehicle that drove the tram route, a prepaid SIM, an open offline alert and the
/// drive in the coverage grid; one key with every scope and one that may only read.</summary>
public sealed class TenantWithSimAndAlert : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture()
        .With("Alerts:EvaluationIntervalSeconds", "3600")
        .With("Finance:UsageIntervalSeconds", "3600")
        .With("Coverage:AggregationIntervalSeconds", "3600");
    public CreatedKeyBody Key { get; private set; } = null!;
    public CreatedKeyBody ReadOnlyKey { get; private set; } = null!;
    public EnrolledAgent Tram { get; private set; } = null!;
    public SimView Sim { get; private set; } = null!;
    public Guid AlertId { get; private set; }
    public IReadOnlyList<DriveSample> Drive { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        var tenant = await ApiClients.CreateTenantAsync(Central, "tram-operator");
        Key = await ApiClients.CreateKeyAsync(Central, tenant.Id);
        ReadOnlyKey = await ApiClients.CreateKeyAsync(Central, tenant.Id, "sims:read", "alerts:read");
        Tram = await EnrolledAgent.EnrollAsync(Central, "tram-9");
        await ApiClients.AssignAsync(Central, Tram.VehicleId, tenant.Id);
        Drive = NorwayTraces.Load(NorwayTraces.Tram1216, NorwayTraces.RecentStart()).Take(600).ToList();
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(Drive), Tram.Credentials);

        var services = Central.App.Services;
        Sim = (await services.GetRequiredService<ISimFinanceService>().CreateSimAsync(new CreateSimRequest(
            Coverage.LinkBatches.Iccid(8001), "Telenor", "Prepaid 2 EUR/GB", "prepaid", Guid.Parse(Tram.VehicleId),
            PrepaidBalance: 20m, PricePerGb: 2m), null, default)).Value!;
        await Central.ScalarAsync<int>("UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1 RETURNING 1",
            Guid.Parse(Tram.DeviceId));
        await services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(default);
        AlertId = Assert.Single(await services.GetRequiredService<IAlertService>().ListAsync(new AlertQuery(tenant.Id), default)).Id;
        await services.GetRequiredService<CoverageAggregator>().CatchUpAsync(default);
    }

    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class SimsAlertsCoverageApiTests(TenantWithSimAndAlert tenant) : IClassFixture<TenantWithSimAndAlert>
{
    private CentralFixture Central => tenant.Central;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        return await Central.Http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response, status);
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString());
    }

    private Task<long> TopUpCountAsync() => Central.ScalarAsync<long>("SELECT count(*) FROM sim_top_ups WHERE sim_id = $1", tenant.Sim.Id);

    [Fact]
    public async Task Sims_ListAndForecast_ShowTheTenantsSim()
    {
        using var list = await SendAsync(HttpMethod.Get, "/api/v1/sims", tenant.ReadOnlyKey.Key);
        var item = Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(tenant.Sim.Iccid, item.GetProperty("iccid").GetString());
        Assert.Equal(tenant.Tram.VehicleId, item.GetProperty("vehicleId").GetString());

        using var byVehicle = await SendAsync(HttpMethod.Get, $"/api/v1/sims?vehicleId={tenant.Tram.VehicleId}", tenant.ReadOnlyKey.Key);
        Assert.Single((await JsonAsync(byVehicle, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        using var forecast = await SendAsync(HttpMethod.Get, $"/api/v1/sims/{tenant.Sim.Id}/forecast", tenant.ReadOnlyKey.Key);
        var f = await JsonAsync(forecast, HttpStatusCode.OK);
        Assert.Equal(10_000_000_000, f.GetProperty("availableBytes").GetInt64()); // 20 EUR at 2 EUR/GB
    }

    [Fact]
    public async Task RecordTopUp_WithSimsWrite_StoredAndListedWithTheKeyAsRecorder()
    {
        var before = await TopUpCountAsync();
        using var created = await SendAsync(HttpMethod.Post, $"/api/v1/sims/{tenant.Sim.Id}/top-ups", tenant.Key.Key,
            new { amount = 4.0m, note = "card payment" });
        var topUp = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal(2_000_000_000, topUp.GetProperty("dataBytes").GetInt64());
        Assert.Equal($"api-key:{tenant.Key.Id}", topUp.GetProperty("recordedBy").GetString());
        Assert.EndsWith($"/api/v1/sims/{tenant.Sim.Id}/top-ups/{topUp.GetProperty("id").GetString()}", created.Headers.Location?.ToString());
        Assert.Equal(before + 1, await TopUpCountAsync());

        using var list = await SendAsync(HttpMethod.Get, $"/api/v1/sims/{tenant.Sim.Id}/top-ups", tenant.ReadOnlyKey.Key);
        Assert.Contains((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray(),
            t => t.GetProperty("id").GetString() == topUp.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RecordTopUp_BadInputOrReadOnlyKey_ClearErrorAndNothingStored()
    {
        var before = await TopUpCountAsync();
        var path = $"/api/v1/sims/{tenant.Sim.Id}/top-ups";

        using (var negative = await SendAsync(HttpMethod.Post, path, tenant.Key.Key, new { amount = -5m }))
            await AssertProblemAsync(negative, HttpStatusCode.BadRequest, "must not be negative");
        using (var noAmount = await SendAsync(HttpMethod.Post, path, tenant.Key.Key, new { note = "forgot the amount" }))
            await AssertProblemAsync(noAmount, HttpStatusCode.BadRequest, "positive amount");
        using (var garbage = await SendAsync(HttpMethod.Post, path, tenant.Key.Key,
                   new StringContent("{\"amount\": \"lots\"", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);
        }
        using (var readOnly = await SendAsync(HttpMethod.Post, path, tenant.ReadOnlyKey.Key, new { amount = 4m }))
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        using (var missing = await SendAsync(HttpMethod.Post, $"/api/v1/sims/{Guid.NewGuid()}/top-ups", tenant.Key.Key, new { amount = 4m }))
            await AssertProblemAsync(missing, HttpStatusCode.NotFound, "not found");

        Assert.Equal(before, await TopUpCountAsync());
    }

    [Fact]
    public async Task Sims_BadQuery_400ProblemNamingTheParameter()
    {
        using (var badVehicle = await SendAsync(HttpMethod.Get, "/api/v1/sims?vehicleId=bus-7", tenant.Key.Key))
            await AssertProblemAsync(badVehicle, HttpStatusCode.BadRequest, "'vehicleId'");
        using (var badDay = await SendAsync(HttpMethod.Get, $"/api/v1/sims/{tenant.Sim.Id}/usage?from=yesterday", tenant.Key.Key))
            await AssertProblemAsync(badDay, HttpStatusCode.BadRequest, "'from'");
    }

    [Fact]
    public async Task Alerts_ListFilterAndAcknowledge_RecordsTheKeyAndRefusesBadInput()
    {
        using (var badStatus = await SendAsync(HttpMethod.Get, "/api/v1/alerts?status=burning", tenant.ReadOnlyKey.Key))
            await AssertProblemAsync(badStatus, HttpStatusCode.BadRequest, "'status'");
        using (var badKind = await SendAsync(HttpMethod.Get, "/api/v1/alerts?kind=meteor", tenant.ReadOnlyKey.Key))
            await AssertProblemAsync(badKind, HttpStatusCode.BadRequest, "'kind'");

        using var list = await SendAsync(HttpMethod.Get, $"/api/v1/alerts?kind={AlertKinds.VehicleOffline}&vehicleId={tenant.Tram.VehicleId}", tenant.ReadOnlyKey.Key);
        var alert = Assert.Single((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(tenant.AlertId.ToString(), alert.GetProperty("id").GetString());

        using (var readOnly = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{tenant.AlertId}/acknowledge", tenant.ReadOnlyKey.Key))
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal((short)0, await Central.ScalarAsync<short>("SELECT status FROM alerts WHERE id = $1", tenant.AlertId));

        using var ack = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{tenant.AlertId}/acknowledge", tenant.Key.Key);
        var acknowledged = await JsonAsync(ack, HttpStatusCode.OK);
        Assert.Equal("acknowledged", acknowledged.GetProperty("status").GetString());
        Assert.Equal($"api-key:{tenant.Key.Id}", acknowledged.GetProperty("acknowledgedBy").GetString());
        using var again = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{tenant.AlertId}/acknowledge", tenant.Key.Key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // idempotent
        using var open = await SendAsync(HttpMethod.Get, "/api/v1/alerts?status=open", tenant.Key.Key);
        Assert.DoesNotContain((await JsonAsync(open, HttpStatusCode.OK)).GetProperty("items").EnumerateArray(),
            a => a.GetProperty("id").GetString() == tenant.AlertId.ToString());
    }

    [Fact]
    public async Task Webhooks_CreateShowsSecretOnceListHidesIt()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", tenant.Key.Key, new { url = "https://hooks.example.com/fleet" });
        var body = await JsonAsync(created, HttpStatusCode.Created);
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Equal(64, secret.Length);
        using var list = await SendAsync(HttpMethod.Get, "/api/v1/webhooks", tenant.ReadOnlyKey.Key);
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains("hooks.example.com", text);
        Assert.DoesNotContain(secret, text);
        using (var bad = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", tenant.Key.Key, new { url = "ftp://x" }))
            await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "url");
    }

    [Fact]
    public async Task CoverageCells_BoxAroundTheDrive_CellsOfItsCarriers_AndBadBoxRefused()
    {
        var lats = tenant.Drive.Select(d => d.Latitude).ToList();
        var lons = tenant.Drive.Select(d => d.Longitude).ToList();
        var bbox = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{lons.Min() - 0.01},{lats.Min() - 0.01},{lons.Max() + 0.01},{lats.Max() + 0.01}");
        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/coverage/cells?bbox={bbox}", tenant.Key.Key);
        var body = await JsonAsync(response, HttpStatusCode.OK);
        var cells = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(cells);
        Assert.All(cells, c => Assert.InRange(c.GetProperty("centerLat").GetDouble(), lats.Min() - 0.02, lats.Max() + 0.02));
        Assert.False(body.GetProperty("truncated").GetBoolean());

        using var carriers = await SendAsync(HttpMethod.Get, "/api/v1/coverage/carriers", tenant.Key.Key);
        var names = (await JsonAsync(carriers, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains(cells[0].GetProperty("carrier").GetString(), names);

        using (var world = await SendAsync(HttpMethod.Get, "/api/v1/coverage/cells?bbox=-180,-90,180,90", tenant.Key.Key))
            Assert.Equal(cells.Count, (await JsonAsync(world, HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        using (var missing = await SendAsync(HttpMethod.Get, "/api/v1/coverage/cells", tenant.Key.Key))
            await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "'bbox' is required");
        using (var inverted = await SendAsync(HttpMethod.Get, "/api/v1/coverage/cells?bbox=11,60,10,59", tenant.Key.Key))
            await AssertProblemAsync(inverted, HttpStatusCode.BadRequest, "minimums");
    }

    [Fact]
    public async Task OpenApiDocument_ListsSimsAlertsWebhooksAndCoverage()
    {
        var document = await Central.Http.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/sims", "/api/v1/sims/{simId}/top-ups", "/api/v1/alerts", "/api/v1/alerts/{alertId}/acknowledge",
                     "/api/v1/webhooks", "/api/v1/coverage/cells", "/api/v1/vehicles/{vehicleId}/sims" })
            Assert.Contains($"\"{path}\"", document);
    }
}
