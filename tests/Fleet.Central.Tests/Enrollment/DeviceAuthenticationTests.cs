using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Grpc;

namespace Fleet.Central.Tests.Enrollment;

public sealed class DeviceAuthenticationTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    public static TheoryData<string> BadCredentials => new()
    {
        "none",
        "device-id-only",
        "wrong-secret",
        "unknown-device",
        "not-a-guid",
    };

    private static Metadata Credentials(string kind, EnrolledAgent agent) => kind switch
    {
        "none" => [],
        "device-id-only" => new Metadata { { "x-fleet-device-id", agent.DeviceId } },
        "wrong-secret" => new Metadata { { "x-fleet-device-id", agent.DeviceId }, { "authorization", "Bearer fds_wrong" } },
        "unknown-device" => new Metadata { { "x-fleet-device-id", Guid.NewGuid().ToString() }, { "authorization", $"Bearer {agent.DeviceSecret}" } },
        "not-a-guid" => new Metadata { { "x-fleet-device-id", "bus-7" }, { "authorization", $"Bearer {agent.DeviceSecret}" } },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task UploadBatch_BadCredentials_UnauthenticatedAndNothingStored(string kind)
    {
        var agent = await EnrolledAgent.EnrollAsync(central, $"bus-auth-upload-{kind}");
        var batch = TestBatches.Encode(TestBatches.NorwayBus(5));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.UploadBatchAsync(batch, Credentials(kind, agent)));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM telemetry_batches WHERE batch_id = $1", Guid.Parse(batch.BatchId)));
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task WatchAssignment_BadCredentials_Unauthenticated(string kind)
    {
        var agent = await EnrolledAgent.EnrollAsync(central, $"bus-auth-watch-{kind}");
        using var call = central.Agents.WatchAssignment(new WatchAssignmentRequest(), Credentials(kind, agent));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task UploadBatch_RightCredentials_Accepted()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-auth-ok");

        var response = await central.Agents.UploadBatchAsync(TestBatches.Encode(TestBatches.NorwayBus(5)), agent.Credentials);

        Assert.False(response.Duplicate);
    }
}
