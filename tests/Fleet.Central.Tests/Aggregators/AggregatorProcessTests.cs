using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Fleet.Central.Tests.Assignments;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Aggregators;

/// <summary>The real aggregation server process against a real central: it registers, its heartbeats carry its
/// load, and the devices central enrolls are admitted with their tunnel addresses.</summary>
public sealed class AggregatorProcessTests(FailoverCentral fixture) : IClassFixture<FailoverCentral>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_WithCentral_RegistersHeartbeatsAndAdmitsEnrolledDevices()
    {
        var central = fixture.Central;
        await using var server = await AggregatorProcess.StartAsync(central.GrpcAddress, "agg-process-1", Patience);

        var row = Guid.Parse(server.ServerId);
        Assert.Equal("test", await central.ScalarAsync<string>("SELECT region FROM aggregation_servers WHERE id = $1", row));
        var firstBeat = await central.ScalarAsync<DateTime>("SELECT last_heartbeat_at FROM aggregation_servers WHERE id = $1", row);
        using var agentKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var agent = await EnrolledAgent.EnrollAsync(central, "bus-agg-process-1", agentKey.ExportSubjectPublicKeyInfo());

        var admitted = await server.WaitForLogAsync(new Regex(@"device set revision \d+: [1-9]\d* device"), Patience);
        Assert.Contains("added", admitted);
        await WaitUntilAsync(async () =>
            await central.ScalarAsync<DateTime>("SELECT last_heartbeat_at FROM aggregation_servers WHERE id = $1", row) > firstBeat);
        Assert.DoesNotContain("device not admitted", server.Log);
        Assert.StartsWith("100.", agent.TunnelAddress);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
            await Task.Delay(200, timeout.Token);
    }
}
