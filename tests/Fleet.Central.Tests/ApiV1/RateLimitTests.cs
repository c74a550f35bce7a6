using System.Net;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Central.Tests.Tenancy;

namespace Fleet.Central.Tests.ApiV1;

public sealed class RateLimitedCentral : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture()
        .With("ApiV1:RateLimitPermits", "3")
        .With("ApiV1:RateLimitWindowSeconds", "60");

    public Task InitializeAsync() => Central.InitializeAsync();
    public Task DisposeAsync() => Central.DisposeAsync();
}

public sealed class RateLimitTests(RateLimitedCentral fixture) : IClassFixture<RateLimitedCentral>
{
    [Fact]
    public async Task ApiV1_MoreRequestsThanPermitted_Returns429WithRetryAfterPerKey()
    {
        var central = fixture.Central;
        var tenant = await ApiClients.CreateTenantAsync(central, "chatty");
        var chatty = await ApiClients.CreateKeyAsync(central, tenant.Id, "vehicles:read");
        var quiet = await ApiClients.CreateKeyAsync(central, tenant.Id, "vehicles:read");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await ApiClients.GetAsync(central, chatty.Key, "/api/v1/vehicles");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var limited = await ApiClients.GetAsync(central, chatty.Key, "/api/v1/vehicles");
        using var other = await ApiClients.GetAsync(central, quiet.Key, "/api/v1/vehicles");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
