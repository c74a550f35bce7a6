using Fleet.Agent.Health;

namespace Fleet.Agent.Tests.Health;

public sealed class HealthSourceAdapterTests
{
    [Fact]
    public void ToSample_KnownValues_PackedInTenthsAndPermille()
    {
        var snapshot = new HealthSnapshot(DateTimeOffset.UnixEpoch, 63.25, 41, new CpuLoad(1.0, 0.5, 0.2, 0.375), new MemoryUsage(1000, 250),
            [new DiskUsage("/", 100L << 30, 3L << 30)], [new SmartStatus("/dev/nvme0", null, true, 41, null, null)], []);
        var sample = HealthSourceAdapter.ToSample(snapshot, 1234);
        Assert.Equal((1234L, 633, 410, 375u, 750u, 3072ul, 1u), (sample.UnixMs, sample.CpuTempC10, sample.SsdTempC10, sample.CpuLoadPermille, sample.MemUsedPermille, sample.DiskFreeMb, sample.SmartOk));
    }

    [Fact]
    public void ToSample_FailedSmartAndUnknowns_SmartNotOkAndZeros()
    {
        var snapshot = new HealthSnapshot(DateTimeOffset.UnixEpoch, null, null, null, null, [], [new SmartStatus("/dev/sda", null, false, null, null, null)], []);
        var sample = HealthSourceAdapter.ToSample(snapshot, 1);
        Assert.Equal((0, 0, 0u, 0u, 0ul, 0u), (sample.CpuTempC10, sample.SsdTempC10, sample.CpuLoadPermille, sample.MemUsedPermille, sample.DiskFreeMb, sample.SmartOk));
    }
}
