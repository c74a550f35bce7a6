using System.Diagnostics;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Xunit.Abstractions;

namespace Fleet.Central.Tests.Assignments;

/// <summary>Failover with real processes: three aggregation servers (the real daemon) register and heartbeat
/// from their own OS processes; the primary of a watched vehicle is killed with SIGKILL; the vehicle's watch
/// stream must deliver its backup as the new primary (and a new backup) within 10 s.</summary>
public sealed class FailoverProcessTests(FailoverCentral fixture, ITestOutputHelper output) : IClassFixture<FailoverCentral>
{
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WatchAssignment_PrimaryProcessKilled_BackupPromotedWithinTenSeconds()
    {
        var central = fixture.Central;
        await using var a = await AggregatorProcess.StartAsync(central.GrpcAddress, "agg-a", TimeSpan.FromSeconds(60));
        await using var b = await AggregatorProcess.StartAsync(central.GrpcAddress, "agg-b", TimeSpan.FromSeconds(60));
        await using var c = await AggregatorProcess.StartAsync(central.GrpcAddress, "agg-c", TimeSpan.FromSeconds(60));
        var byId = new[] { a, b, c }.ToDictionary(s => s.ServerId);

        var agent = await EnrolledAgent.EnrollAsync(central, "bus-failover-1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = central.Agents.WatchAssignment(new WatchAssignmentRequest(), agent.Credentials, cancellationToken: timeout.Token);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
        var before = watch.ResponseStream.Current;
        Assert.NotNull(before.Primary);
        Assert.NotNull(before.Backup);
        var primary = byId[before.Primary.ServerId];
        var third = byId.Values.Single(s => s.ServerId != before.Primary.ServerId && s.ServerId != before.Backup.ServerId);

        var killedAt = Stopwatch.StartNew();
        primary.KillHard();
        Assignment after;
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token));
            after = watch.ResponseStream.Current;
        }
        while (after.Primary?.ServerId == before.Primary.ServerId);
        var failover = killedAt.Elapsed;
        output.WriteLine($"failover_s: {failover.TotalSeconds:0.00} (SIGKILL of {before.Primary.Name} to new primary on the watch stream; heartbeat 1 s, dead after 3 missed)");

        Assert.True(failover < FailoverBudget, $"failover took {failover.TotalSeconds:0.00} s");
        Assert.Equal(before.Backup.ServerId, after.Primary?.ServerId);
        Assert.Equal(third.ServerId, after.Backup?.ServerId);
        Assert.True(after.Revision > before.Revision);
    }
}
