using Fleet.Central.Tests.Finance;
using Fleet.Central.Tests.Infrastructure;
using static Fleet.Central.Tests.Coverage.CoverageIncrementalTests;

namespace Fleet.Central.Tests.Coverage;

/// <summary>coverage_batches stays bounded: rows further than the commit margin behind the newest are
/// forgotten. A class of its own: it moves batches' received_at, which would shift the window for others.</summary>
public sealed class CoverageBatchLogTests(ManualJobsCentral fixture) : IClassFixture<ManualJobsCentral>
{
    private CentralFixture Central => fixture.Central;

    [Fact]
    public async Task CatchUp_BatchesOlderThanTheMargin_ForgottenFromTheBatchLogAndNeverRedone()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "coverage-log");
        var ids = new List<Guid>();
        for (var k = 0; k < 2; k++)
        {
            var batch = LinkBatches.Build(Road(61.8, 60, fromSecond: k * 600), [Carrier("LogNet", k)], sequence: (uint)(k + 1));
            await Central.Agents.UploadBatchAsync(batch, agent.Credentials);
            ids.Add(Guid.Parse(batch.BatchId));
        }
        // The first arrived half an hour before the second (received_at is central's clock, so move it back).
        await Central.ScalarAsync<int>("UPDATE telemetry_batches SET received_at = received_at - interval '30 minutes' WHERE batch_id = $1 RETURNING 1", ids[0]);

        Assert.Equal(2, await Aggregator(Central, maxBatchesPerRun: 1).CatchUpAsync(default));

        Assert.Equal(0, await Central.ScalarAsync<long>("SELECT count(*) FROM coverage_batches WHERE batch_id = $1", ids[0]));
        Assert.Equal(1, await Central.ScalarAsync<long>("SELECT count(*) FROM coverage_batches WHERE batch_id = $1", ids[1]));
        Assert.Equal(0, await Aggregator(Central).CatchUpAsync(default));
        Assert.Equal(120, (await StoredAsync(Central, "LogNet", 400)).Values.Sum(c => c.Samples));
    }
}
