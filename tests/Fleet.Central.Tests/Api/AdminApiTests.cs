using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Api;

public sealed class AdminApiTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private async Task<HttpResponseMessage> PostTokenAsync(object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/enrollment-tokens") { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await central.Http.SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-admin-key")]
    public async Task CreateEnrollmentToken_WithoutValidAdminKey_Returns401AndIssuesNothing(string? key)
    {
        using var response = await PostTokenAsync(new { vehicleName = "tram-unauthorised" }, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM vehicles WHERE name = 'tram-unauthorised'"));
    }

    [Fact]
    public async Task CreateEnrollmentToken_AdminKey_Returns201WithTokenAndExpiry()
    {
        var before = DateTimeOffset.UtcNow;

        using var response = await PostTokenAsync(new { vehicleName = "tram-1", ttlMinutes = 30 }, CentralFixture.AdminKey);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<EnrollmentTokenBody>())!;
        Assert.StartsWith("fet_", body.Token);
        Assert.InRange(body.ExpiresAt, before.AddMinutes(29), before.AddMinutes(31));
        Assert.Equal(body.VehicleId, await central.ScalarAsync<Guid>("SELECT id FROM vehicles WHERE name = 'tram-1'"));
    }

    [Fact]
    public async Task CreateEnrollmentToken_SameVehicleTwice_SameVehicleDifferentTokens()
    {
        var first = await EnrolledAgent.CreateTokenAsync(central, "tram-2");
        var second = await EnrolledAgent.CreateTokenAsync(central, "tram-2");

        Assert.Equal(first.VehicleId, second.VehicleId);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Theory]
    [InlineData("", null, "vehicleName is required")]
    [InlineData("tram-3", 0, "ttlMinutes must be between")]
    public async Task CreateEnrollmentToken_BadRequest_Returns400ProblemDetails(string name, int? ttl, string expected)
    {
        using var response = await PostTokenAsync(new { vehicleName = name, ttlMinutes = ttl }, CentralFixture.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString());
    }
}
