using Fleet.Agent.Health;

namespace Fleet.Agent.Tests.Health;

public sealed class ProcReaderTests
{
    [Fact]
    public void Cpu_TwoStatSamples_ComputesBusyFraction()
    {
        using var fs = new FakeSysRoot()
            .File("proc/loadavg", "0.52 0.41 0.30 2/345 6789\n")
            .File("proc/stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\n");
        var reader = new ProcReader(fs.Proc);
        var first = reader.Cpu()!;
        Assert.Equal((0.52, 0.41, 0.30), (first.Load1, first.Load5, first.Load15));
        Assert.Null(first.Utilisation);

        // +300 busy (user+system), +100 idle → 75 % busy.
        fs.File("proc/stat", "cpu  250 0 250 900 0 0 0 0 0 0\n");
        Assert.Equal(0.75, reader.Cpu()!.Utilisation!.Value, 6);
    }

    [Fact]
    public void Memory_Meminfo_ReturnsBytes()
    {
        using var fs = new FakeSysRoot().File("proc/meminfo", "MemTotal:       24576000 kB\nMemFree:         1000000 kB\nMemAvailable:   12288000 kB\n");
        var memory = new ProcReader(fs.Proc).Memory()!;
        Assert.Equal(24576000L * 1024, memory.TotalBytes);
        Assert.Equal(12288000L * 1024, memory.AvailableBytes);
        Assert.Equal(0.5, memory.UsedFraction, 6);
    }

    [Fact]
    public void CpuAndMemory_MissingFiles_Unknown()
    {
        using var fs = new FakeSysRoot().File("proc/loadavg", "garbage\n");
        var reader = new ProcReader(fs.Proc);
        Assert.Null(reader.Cpu());
        Assert.Null(reader.Memory());
    }

    [Fact]
    public void Memory_RealProc_ReportsThisMachine()
    {
        var memory = new ProcReader("/proc").Memory();
        Assert.NotNull(memory);
        Assert.True(memory.TotalBytes > 100L * 1024 * 1024);
        Assert.InRange(memory.AvailableBytes, 1, memory.TotalBytes);
    }
}
