using Fleet.Central.Assignments;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Aggregators;
using Fleet.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Assignments;

/// <summary>Own class (own database): the servers registered here are the only ones.</summary>
public sealed class AssignmentPersistenceTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WatchAssignment_CentralRestarts_SameServersAndRevisionFromDatabase()
    {
        var a = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-persist-a"), TestServers.RegistrationCredentials());
        var b = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-persist-b"), TestServers.RegistrationCredentials());
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-persist-1");
        using var timeout = new CancellationTokenSource(Patience);
        Assignment first;
        using (var watch = central.Agents.WatchAssignment(new WatchAssignmentRequest(), agent.Credentials, cancellationToken: timeout.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
            first = watch.ResponseStream.Current;
        }
        Assert.Contains(first.Primary.ServerId, new[] { a.ServerId, b.ServerId });
        Assert.Contains(first.Backup.ServerId, new[] { a.ServerId, b.ServerId });
        Assert.NotEqual(first.Primary.ServerId, first.Backup.ServerId);
        Assert.Equal(first.Revision, await central.ScalarAsync<long>(
            "SELECT revision FROM vehicle_assignments WHERE vehicle_id = $1", Guid.Parse(agent.VehicleId)));

        // A second central process over the same database (what a restart sees): the stored answer, unchanged.
        await using var restarted = Program.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = central.ConnectionString,
            ["Central:HttpUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Central:GrpcUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Central:AdminKey"] = CentralFixture.AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        var again = await restarted.Services.GetRequiredService<AssignmentService>().GetAsync(Guid.Parse(agent.VehicleId), timeout.Token);

        Assert.Equal(first.Primary.ServerId, again.Primary?.Id.ToString());
        Assert.Equal(first.Backup.ServerId, again.Backup?.Id.ToString());
        Assert.Equal(first.Revision, again.Revision);
    }

    [Fact]
    public async Task Heartbeat_Overloaded_DrainTrueAndVehiclesAboveMarkMoveToBackup()
    {
        var hot = await central.Aggregators.RegisterAsync(TestServers.Registration("agg-hot", capacity: 2), TestServers.RegistrationCredentials());
        var hotCredentials = new Metadata { { "authorization", $"Bearer {hot.ServerToken}" } };
        var reconciler = central.App.Services.GetRequiredService<AssignmentReconciler>();
        var service = central.App.Services.GetRequiredService<AssignmentService>();
        // Two vehicles put on the hot server as primary (stored directly: the planner would spread them).
        var vehicles = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var agent = await EnrolledAgent.EnrollAsync(central, $"bus-hot-{i}");
            var vehicleId = Guid.Parse(agent.VehicleId);
            vehicles.Add(vehicleId);
            await service.GetAsync(vehicleId, CancellationToken.None);
            await central.ScalarAsync<int>(
                "UPDATE vehicle_assignments SET primary_server_id = $1, backup_server_id = NULL WHERE vehicle_id = $2 RETURNING 1",
                Guid.Parse(hot.ServerId), vehicleId);
        }

        var calm = await central.Aggregators.HeartbeatAsync(
            new HeartbeatRequest { ServerId = hot.ServerId, ActiveSessions = 1 }, hotCredentials);
        var overloaded = await central.Aggregators.HeartbeatAsync(
            new HeartbeatRequest { ServerId = hot.ServerId, ActiveSessions = 2 }, hotCredentials);
        await reconciler.ReconcileAsync(CancellationToken.None);

        Assert.False(calm.Drain);
        Assert.True(overloaded.Drain);
        // Capacity 2 at the 0.95 mark keeps one vehicle; the other moves to a server that can take it.
        var stillHot = await central.ScalarAsync<long>(
            "SELECT count(*) FROM vehicle_assignments WHERE primary_server_id = $1 AND vehicle_id = ANY($2)",
            Guid.Parse(hot.ServerId), vehicles.ToArray());
        Assert.Equal(1, stillHot);
    }
}
