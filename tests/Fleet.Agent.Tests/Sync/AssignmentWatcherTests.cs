using Fleet.Agent.Enrollment;
using Fleet.Agent.Sync;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Tests.Sync;

public class AssignmentWatcherTests
{
    private static Assignment Revision(long r, string primary) =>
        new() { VehicleId = "veh-1", Revision = r, Primary = new AggregationServer { ServerId = primary, Name = primary, Endpoints = { "127.0.0.1:4500" } } };

    [Fact]
    public async Task RunWatchAsync_StreamEndsAndFails_ReconnectsAndPublishesEachChange()
    {
        await using var central = await FakeCentral.StartAsync();
        central.AssignmentScripts.Enqueue([Revision(1, "agg-a")]);
        central.AssignmentScripts.Enqueue([]); // next call: stream ends at once
        central.AssignmentScripts.Enqueue([Revision(1, "agg-a"), Revision(2, "agg-b")]);
        using var channel = CentralConnection.CreateChannel(central.Address.ToString());
        var connection = new CentralConnection(new AgentGatewayService.Client(channel.CreateCallInvoker()), new DeviceIdentity("dev-1", "s3cret", "veh-1", "Bus", "k", "p"));
        using var watcher = new AssignmentWatcher(connection, NullLogger<AssignmentWatcher>.Instance, TimeProvider.System)
        {
            Backoff = new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)),
        };
        var changes = new List<long>();
        var done = new TaskCompletionSource();
        watcher.Changed += (_, a) =>
        {
            lock (changes)
            {
                changes.Add(a.Revision);
            }

            if (a.Revision == 2)
            {
                done.TrySetResult();
            }
        };
        using var cts = new CancellationTokenSource();

        var run = watcher.RunWatchAsync(cts.Token);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        await run;

        Assert.Equal([1L, 2L], changes);
        Assert.Equal("agg-b", watcher.Current!.Primary.Name);
        Assert.True(central.WatchCalls >= 3);
    }
}
