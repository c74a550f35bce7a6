using Fleet.Agent.Config;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Tests.Telemetry;

public sealed class SysfsLinkQualitySourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fleet-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string iface, ulong tx, ulong rx, string state)
    {
        var stats = Path.Combine(_root, iface, "statistics");
        Directory.CreateDirectory(stats);
        File.WriteAllText(Path.Combine(stats, "tx_bytes"), tx + "\n");
        File.WriteAllText(Path.Combine(stats, "rx_bytes"), rx + "\n");
        File.WriteAllText(Path.Combine(_root, iface, "operstate"), state + "\n");
    }

    [Fact]
    public void Sample_CountersAdvance_ReportsBytesSincePreviousSample()
    {
        var source = new SysfsLinkQualitySource([new UplinkOptions { Name = "a", Interface = "wwan0" }, new UplinkOptions { Name = "b", Interface = "wwan1" }], _root);
        Write("wwan0", 1000, 5000, "unknown");

        var first = source.Sample(1);
        Write("wwan0", 1600, 9000, "up");
        var second = source.Sample(2);

        Assert.Equal((0UL, 0UL), (first[0].TxBytes, first[0].RxBytes));
        Assert.Equal((600UL, 4000UL, LinkState.Up), (second[0].TxBytes, second[0].RxBytes, second[0].State));
        Assert.Equal(LinkState.Down, second[1].State); // wwan1 does not exist
        Assert.Equal("b", second[1].LinkName);
    }

    [Fact]
    public void Sample_InterfaceRecreated_CountsFromNewCounter()
    {
        var source = new SysfsLinkQualitySource([new UplinkOptions { Name = "a", Interface = "wwan0" }], _root);
        Write("wwan0", 100_000, 100_000, "up");
        source.Sample(1);
        Write("wwan0", 300, 700, "down");

        var s = Assert.Single(source.Sample(2));

        Assert.Equal((300UL, 700UL, LinkState.Down), (s.TxBytes, s.RxBytes, s.State));
    }
}
