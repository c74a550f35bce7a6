using Fleet.Agent.Health;

namespace Fleet.Agent.Tests.Health;

public sealed class NetInterfaceReaderTests
{
    [Fact]
    public void Read_FakeSysfs_ReportsCountersAndSkipsLoopback()
    {
        using var fs = new FakeSysRoot()
            .File("sys/class/net/lo/statistics/rx_bytes", "1\n")
            .File("sys/class/net/wwan0/operstate", "up\n")
            .File("sys/class/net/wwan0/tx_queue_len", "1000\n")
            .File("sys/class/net/wwan0/statistics/rx_bytes", "123456789\n")
            .File("sys/class/net/wwan0/statistics/tx_bytes", "987654\n")
            .File("sys/class/net/wwan0/statistics/rx_packets", "1000\n")
            .File("sys/class/net/wwan0/statistics/tx_packets", "900\n")
            .File("sys/class/net/wwan0/statistics/rx_errors", "3\n")
            .File("sys/class/net/wwan0/statistics/tx_errors", "0\n")
            .File("sys/class/net/wwan0/statistics/rx_dropped", "7\n")
            .File("sys/class/net/wwan1/operstate", "down\n");
        var list = new NetInterfaceReader(fs.Sys, []).Read();
        Assert.Equal(["wwan0", "wwan1"], list.Select(i => i.Name));
        var w0 = list[0];
        Assert.Equal(new InterfaceCounters("wwan0", "up", 123456789, 987654, 1000, 900, 3, 0, 7, null, 1000), w0);

        // wwan1 has no statistics directory (yet): unknown, not a crash.
        Assert.Null(list[1].RxBytes);
    }

    [Fact]
    public void Read_RealSysfs_IncludesLoopbackWhenAskedFor()
    {
        var lo = Assert.Single(new NetInterfaceReader("/sys", ["lo"]).Read());
        Assert.True(lo.RxBytes >= 0);
        Assert.NotNull(lo.TxQueueLength);
    }
}
