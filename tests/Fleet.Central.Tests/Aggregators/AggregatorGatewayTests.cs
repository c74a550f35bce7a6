using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Aggregators;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Tests.Aggregators;

public sealed class AggregatorGatewayTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Register_WrongKey_UnauthenticatedAndNotStored()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Aggregators.RegisterAsync(TestServers.Registration("agg-intruder"), TestServers.RegistrationCredentials("guessed-key")));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM aggregation_servers WHERE name = 'agg-intruder'"));
    }

    [Fact]
    public async Task Heartbeat_WithServerToken_UpdatesLoad()
    {
        var registered = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-hb"), TestServers.RegistrationCredentials());
        var serverCredentials = new Metadata { { "authorization", $"Bearer {registered.ServerToken}" } };

        var response = await central.Aggregators.HeartbeatAsync(
            new HeartbeatRequest { ServerId = registered.ServerId, ActiveSessions = 42, CpuLoad = 0.25 }, serverCredentials);

        Assert.False(response.Drain);
        Assert.Equal(42, await central.ScalarAsync<int>("SELECT active_sessions FROM aggregation_servers WHERE name = 'agg-hb'"));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Aggregators.HeartbeatAsync(new HeartbeatRequest { ServerId = registered.ServerId }, TestServers.RegistrationCredentials()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task WatchDevices_DeviceEnrollsDuringWatch_StreamsSetWithItsTunnelKeyAndAddress()
    {
        var registered = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-devices"), TestServers.RegistrationCredentials());
        var serverCredentials = new Metadata { { "authorization", $"Bearer {registered.ServerToken}" } };
        using var timeout = new CancellationTokenSource(Patience);
        using var watch = central.Aggregators.WatchDevices(
            new WatchDevicesRequest { ServerId = registered.ServerId }, serverCredentials, cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var before = watch.ResponseStream.Current;

        var agent = await EnrolledAgent.EnrollAsync(central, "bus-devices-1");

        DeviceSet after;
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
            after = watch.ResponseStream.Current;
        }
        while (after.Devices.All(d => d.DeviceId != agent.DeviceId));
        Assert.True(after.Revision > before.Revision);
        var device = after.Devices.Single(d => d.DeviceId == agent.DeviceId);
        Assert.Equal(new byte[] { 1, 2, 3, (byte)"bus-devices-1".Length }, device.TunnelPublicKey.ToByteArray());
        Assert.Equal([agent.TunnelAddress], device.AllowedPrefixes);
    }
}
