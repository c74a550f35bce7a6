using Fleet.Agent.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.Health;

public sealed class HealthSamplerTests
{
    [Fact]
    public async Task SampleAsync_ThisMachine_ReportsMemoryLoadAndRootDisk()
    {
        var sampler = Create(new HealthOptions());
        var snapshot = await sampler.SampleAsync(CancellationToken.None);
        Assert.NotNull(snapshot.Memory);
        Assert.NotNull(snapshot.Cpu);
        var root = Assert.Single(snapshot.Disks);
        Assert.InRange(root.FreeBytes, 0, root.TotalBytes);
        Assert.Same(snapshot, sampler.Current);
    }

    [Fact]
    public async Task SampleAsync_EmptyRoots_EverythingUnknownNoCrash()
    {
        using var fs = new FakeSysRoot();
        var options = new HealthOptions { SysRoot = fs.Sys, ProcRoot = fs.Proc };
        options.DiskPaths.Clear();
        options.DiskPaths.Add(Path.Combine(fs.Root, "not-mounted"));
        options.SmartDevices.Add("/dev/sdz");
        options.SmartctlPath = "/nonexistent/smartctl";
        var snapshot = await Create(options).SampleAsync(CancellationToken.None);
        Assert.Null(snapshot.CpuTemperatureC);
        Assert.Null(snapshot.SsdTemperatureC);
        Assert.Null(snapshot.Cpu);
        Assert.Null(snapshot.Memory);
        Assert.Empty(snapshot.Smart);
        Assert.Empty(snapshot.Interfaces);
    }

    [Fact]
    public async Task SampleAsync_FakeSysfs_ValuesFlowIntoSnapshot()
    {
        using var fs = new FakeSysRoot()
            .File("sys/class/hwmon/hwmon0/name", "k10temp\n")
            .File("sys/class/hwmon/hwmon0/temp1_input", "63250\n")
            .File("sys/class/net/wwan0/statistics/tx_bytes", "42\n")
            .File("proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 250 kB\n");
        var snapshot = await Create(new HealthOptions { SysRoot = fs.Sys, ProcRoot = fs.Proc }).SampleAsync(CancellationToken.None);
        Assert.Equal(63.25, snapshot.CpuTemperatureC);
        Assert.Equal(0.75, snapshot.Memory!.UsedFraction, 6);
        Assert.Equal(42, Assert.Single(snapshot.Interfaces).TxBytes);
    }

    [Fact]
    public void Validate_TooShortInterval_Fails() =>
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions { SampleInterval = TimeSpan.FromMilliseconds(10) }).Failed);

    private static HealthSampler Create(HealthOptions options) =>
        new(Options.Create(options), new ProcessRunner(), TimeProvider.System, NullLogger<HealthSampler>.Instance);
}
