using System.Net;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Health;

public sealed class HealthzTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task Healthz_DatabaseReachable_Returns200Healthy()
    {
        using var response = await central.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrpcPort_HttpOneRequest_NotServed()
    {
        // The gRPC endpoint is HTTP/2-only: an HTTP/1.1 client gets no answer there.
        using var client = new HttpClient { BaseAddress = central.GrpcAddress };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }
}
