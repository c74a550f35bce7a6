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
    public async Task HttpPort_GrpcMethodPath_NotRouted()
    {
        // gRPC services are pinned to the gRPC port: the same path on the HTTP port matches no endpoint.
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await central.Http.PostAsync("/fleet.v1.AgentGateway/Enroll", content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
