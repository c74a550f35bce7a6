using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Aggregators;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Tests.Assignments;

/// <summary>Own class (own database): no other test's servers may be live when the watch starts.</summary>
public sealed class WatchAssignmentTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

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

        var registered = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-1"), TestServers.RegistrationCredentials());
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var assigned = watch.ResponseStream.Current;
        Assert.Equal(registered.ServerId, assigned.Primary.ServerId);
        Assert.Equal("agg-1", assigned.Primary.Name);
        Assert.Equal(["agg-1.example:51820"], assigned.Primary.Endpoints);
        Assert.Null(assigned.Backup);
        Assert.True(assigned.Revision > initial.Revision);

        await central.Aggregators.RegisterAsync(TestServers.Registration("agg-2"), TestServers.RegistrationCredentials());
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var withBackup = watch.ResponseStream.Current;
        Assert.Equal(registered.ServerId, withBackup.Primary.ServerId); // sticky primary
        Assert.Equal("agg-2", withBackup.Backup.Name);
    }
}
