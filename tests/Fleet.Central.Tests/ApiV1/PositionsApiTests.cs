using System.Net;
using System.Text.Json;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tenancy;
using Fleet.Central.Tests.Tracks;

namespace Fleet.Central.Tests.ApiV1;

/// <summary>A tenant whose vehicle drove the real tram route (ingested through gRPC upload).</summary>
public sealed class TramTenant : IAsyncLifetime
{
    public CentralFixture Central { get; } = new();
    public CreatedKeyBody Key { get; private set; } = null!;
    public EnrolledAgent Tram { get; private set; } = null!;
    public IReadOnlyList<DriveSample> Drive { get; private set; } = [];
    public DateTimeOffset Start { get; } = NorwayTraces.RecentStart();

    public async Task InitializeAsync()
    {
        await Central.InitializeAsync();
        var tenant = await ApiClients.CreateTenantAsync(Central, "tram-operator");
        Key = await ApiClients.CreateKeyAsync(Central, tenant.Id, "vehicles:read", "positions:read");
        Tram = await EnrolledAgent.EnrollAsync(Central, "tram-17");
        await ApiClients.AssignAsync(Central, Tram.VehicleId, tenant.Id);
        Drive = NorwayTraces.Load(NorwayTraces.Tram1216, Start);
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(Drive), Tram.Credentials);
    }

    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class PositionsApiTests(TramTenant tram) : IClassFixture<TramTenant>
{
    private CentralFixture Central => tram.Central;

    private string PositionsPath(DateTimeOffset from, DateTimeOffset to, string extra = "") =>
        $"/api/v1/vehicles/{tram.Tram.VehicleId}/positions?from={ApiClients.Iso(from)}&to={ApiClients.Iso(to)}{extra}";

    private async Task<(List<(DateTimeOffset Time, long Id, double Lat, double Lon)> Items, string? Next)> PageAsync(string path)
    {
        using var response = await ApiClients.GetAsync(Central, tram.Key.Key, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = json.RootElement.GetProperty("items").EnumerateArray()
            .Select(p => (p.GetProperty("time").GetDateTimeOffset(), p.GetProperty("id").GetInt64(),
                p.GetProperty("latitude").GetDouble(), p.GetProperty("longitude").GetDouble()))
            .ToList();
        var next = json.RootElement.GetProperty("nextCursor");
        return (items, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    [Fact]
    public async Task ListPositions_PagedByCursor_ReturnsEveryFixOnceInOrder()
    {
        var from = tram.Start.AddMinutes(-1);
        var to = tram.Start.AddHours(1);
        var all = new List<(DateTimeOffset Time, long Id, double Lat, double Lon)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (items, next) = await PageAsync(PositionsPath(from, to, "&limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            Assert.InRange(items.Count, 1, 100);
            all.AddRange(items);
            cursor = next;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(tram.Drive.Count, all.Count);
        Assert.Equal((tram.Drive.Count + 99) / 100, pages);
        Assert.Equal(all.Count, all.Select(p => p.Id).Distinct().Count());
        for (var i = 1; i < all.Count; i++)
            Assert.True((all[i].Time, all[i].Id).CompareTo((all[i - 1].Time, all[i - 1].Id)) > 0, $"row {i} out of order");
        Assert.Equal(tram.Drive[0].Latitude, all[0].Lat, 7);
        Assert.Equal(tram.Drive[^1].Longitude, all[^1].Lon, 7);
    }

    [Fact]
    public async Task ListPositions_RowsInsertedBetweenPages_NoRepeatsAndNothingSkippedAfterCursor()
    {
        // A separate vehicle so the other tests' counts stay exact.
        var agent = await EnrolledAgent.EnrollAsync(Central, "tram-18");
        var tenantId = Guid.Parse(await Central.ScalarAsync<string>("SELECT tenant_id::text FROM vehicles WHERE id = $1", Guid.Parse(tram.Tram.VehicleId)));
        await ApiClients.AssignAsync(Central, agent.VehicleId, tenantId);
        var drive = tram.Drive.Take(400).ToList();
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(drive), agent.Credentials);
        string Path(string extra) =>
            $"/api/v1/vehicles/{agent.VehicleId}/positions?from={ApiClients.Iso(tram.Start.AddMinutes(-1))}&to={ApiClients.Iso(tram.Start.AddHours(1))}&limit=150{extra}";

        var (first, cursor) = await PageAsync(Path(""));
        // Fixes half a second after each recorded one: some fall before the cursor, most after it.
        var late = drive.Select(s => s with { UnixMs = s.UnixMs + 500 }).ToList();
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(late), agent.Credentials);
        var rest = new List<(DateTimeOffset Time, long Id, double Lat, double Lon)>();
        while (cursor is not null)
        {
            var (items, next) = await PageAsync(Path("&cursor=" + Uri.EscapeDataString(cursor)));
            rest.AddRange(items);
            cursor = next;
        }

        var seen = first.Concat(rest).Select(p => p.Id).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var boundary = first[^1];
        var expectedAfter = await Central.ScalarAsync<long>(
            "SELECT count(*) FROM positions WHERE vehicle_id = $1 AND (time, id) > ($2, $3)",
            Guid.Parse(agent.VehicleId), boundary.Time, boundary.Id);
        Assert.Equal(expectedAfter, rest.Count);
        Assert.True(rest.Count > drive.Count - first.Count, "fixes inserted after the cursor must show up");
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "", "required" },
        { "?from=2026-01-01T00:00:00Z", "required" },
        { "?from=yesterday&to=2026-01-01T00:00:00Z", "ISO 8601" },
        { "?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z", "later" },
        { "?from=2020-01-01T00:00:00Z&to=2020-01-09T00:00:01Z", "at most 7 days" },
        { "?from=2999-01-01T00:00:00Z&to=2999-01-02T00:00:00Z", "future" },
        { "?from={from}&to={to}&cursor=%21%21not-a-cursor", "cursor" },
        { "?from={from}&to={to}&cursor=cDE6MTIzOmFiYw", "cursor" },
        { "?from={from}&to={to}&limit=0", "limit" },
        { "?from={from}&to={to}&limit=abc", "limit" },
        { "?from={from}&to={to}&limit=100001", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ListPositions_BadQuery_Returns400ProblemNamingTheProblem(string query, string mentions)
    {
        var positionsBefore = await Central.ScalarAsync<long>("SELECT count(*) FROM positions");
        var path = $"/api/v1/vehicles/{tram.Tram.VehicleId}/positions" + query
            .Replace("{from}", ApiClients.Iso(tram.Start), StringComparison.Ordinal)
            .Replace("{to}", ApiClients.Iso(tram.Start.AddHours(1)), StringComparison.Ordinal);

        using var response = await ApiClients.GetAsync(Central, tram.Key.Key, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(mentions, json.RootElement.GetProperty("detail").GetString());
        Assert.Equal(positionsBefore, await Central.ScalarAsync<long>("SELECT count(*) FROM positions"));
    }

    [Fact]
    public async Task ListPositions_UnknownVehicle_Returns404Problem()
    {
        using var response = await ApiClients.GetAsync(Central, tram.Key.Key,
            $"/api/v1/vehicles/{Guid.NewGuid()}/positions?from={ApiClients.Iso(tram.Start)}&to={ApiClients.Iso(tram.Start.AddHours(1))}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("0,95,1,96", "latitudes")]
    [InlineData("-181,0,0,1", "longitudes")]
    [InlineData("1,2,3", "four numbers")]
    [InlineData("5,5,4,4", "minimums")]
    public async Task ListVehicles_BadBoundingBox_Returns400(string bbox, string mentions)
    {
        using var response = await ApiClients.GetAsync(Central, tram.Key.Key, $"/api/v1/vehicles?bbox={bbox}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListVehicles_BoundingBox_FiltersByLastPosition()
    {
        var last = tram.Drive[^1];
        var inside = FormattableString.Invariant($"{last.Longitude - 0.01},{last.Latitude - 0.01},{last.Longitude + 0.01},{last.Latitude + 0.01}");

        using var hit = await ApiClients.GetAsync(Central, tram.Key.Key, $"/api/v1/vehicles?bbox={inside}");
        using var miss = await ApiClients.GetAsync(Central, tram.Key.Key, "/api/v1/vehicles?bbox=100,10,101,11");

        Assert.Contains(tram.Tram.VehicleId, await hit.Content.ReadAsStringAsync());
        Assert.DoesNotContain(tram.Tram.VehicleId, await miss.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_Served_ListsTheV1Endpoints()
    {
        using var response = await Central.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/vehicles", paths);
        Assert.Contains("/api/v1/vehicles/{vehicleId}/positions", paths);
        Assert.Contains("/api/v1/vehicles/{vehicleId}/track", paths);
        Assert.Contains("/api/v1/vehicles/{vehicleId}/trips", paths);
    }
}
