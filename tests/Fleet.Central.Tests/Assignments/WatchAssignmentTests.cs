using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Aggregators;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Tests.Assignments;

public sealed class WatchAssignmentTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static Metadata RegistrationCredentials(string key = CentralFixture.RegistrationKey) =>
        new() { { "authorization", $"Bearer {key}" } };

    private static RegisterServerRequest Registration(string name, uint capacity = 100) => new()
    {
        Name = name,
        Region = "eu-north",
        Endpoints = { $"{name}.example:51820" },
        PublicKey = ByteString.CopyFrom(new byte[] { 9, 9, 9 }),
        CapacitySessions = capacity,
        Version = "test",
    };

    [Fact]
    public async Task WatchAssignment_ServerRegistersAfterWatchStarts_DeliversAssignmentWithThatServer()
    {
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-assign-1");
        using var timeout = new CancellationTokenSource(Patience);
        using var watch = central.Agents.WatchAssignment(new WatchAssignmentRequest(), agent.Credentials, cancellationToken: timeout.Token);

        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var initial = watch.ResponseStream.Current;
        Assert.Equal(agent.VehicleId, initial.VehicleId);
        Assert.Null(initial.Primary);

        var registered = await central.Aggregators.RegisterAsync(Registration("agg-1"), RegistrationCredentials());
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var assigned = watch.ResponseStream.Current;
        Assert.Equal(registered.ServerId, assigned.Primary.ServerId);
        Assert.Equal("agg-1", assigned.Primary.Name);
        Assert.Equal(["agg-1.example:51820"], assigned.Primary.Endpoints);
        Assert.Null(assigned.Backup);
        Assert.True(assigned.Revision > initial.Revision);

        await central.Aggregators.RegisterAsync(Registration("agg-2"), RegistrationCredentials());
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var withBackup = watch.ResponseStream.Current;
        Assert.Equal(registered.ServerId, withBackup.Primary.ServerId); // sticky primary
        Assert.Equal("agg-2", withBackup.Backup.Name);
    }

    [Fact]
    public async Task Register_WrongKey_UnauthenticatedAndNotStored()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Aggregators.RegisterAsync(Registration("agg-intruder"), RegistrationCredentials("guessed-key")));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(0, await central.ScalarAsync<long>("SELECT count(*) FROM aggregation_servers WHERE name = 'agg-intruder'"));
    }

    [Fact]
    public async Task Heartbeat_WithServerToken_UpdatesLoad()
    {
        var registered = await central.Aggregators.RegisterAsync(Registration("agg-hb"), RegistrationCredentials());
        var serverCredentials = new Metadata { { "authorization", $"Bearer {registered.ServerToken}" } };

        var response = await central.Aggregators.HeartbeatAsync(
            new HeartbeatRequest { ServerId = registered.ServerId, ActiveSessions = 42, CpuLoad = 0.25 }, serverCredentials);

        Assert.False(response.Drain);
        Assert.Equal(42, await central.ScalarAsync<int>("SELECT active_sessions FROM aggregation_servers WHERE name = 'agg-hb'"));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Aggregators.HeartbeatAsync(new HeartbeatRequest { ServerId = registered.ServerId }, RegistrationCredentials()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task WatchDevices_DeviceEnrollsDuringWatch_StreamsSetWithItsTunnelKey()
    {
        var registered = await central.Aggregators.RegisterAsync(Registration("agg-devices"), RegistrationCredentials());
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
        var key = after.Devices.Single(d => d.DeviceId == agent.DeviceId).TunnelPublicKey.ToByteArray();
        Assert.Equal(new byte[] { 1, 2, 3, (byte)"bus-devices-1".Length }, key);
    }
}
