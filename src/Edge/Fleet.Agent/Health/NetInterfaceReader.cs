namespace Fleet.Agent.Health;

/// <summary>Per-interface counters from /sys/class/net (bytes, packets, errors, drops, tx queue length).</summary>
public sealed class NetInterfaceReader(string sysRoot, IReadOnlyCollection<string> only)
{
    public IReadOnlyList<InterfaceCounters> Read()
    {
        var list = new List<InterfaceCounters>();
        foreach (var dir in SysFiles.Directories(Path.Combine(sysRoot, "class", "net"), "*"))
        {
            var name = Path.GetFileName(dir);
            if (only.Count > 0 ? !only.Contains(name) : name == "lo")
            {
                continue;
            }

            var stats = Path.Combine(dir, "statistics");
            long? Stat(string file) => SysFiles.Long(Path.Combine(stats, file));
            list.Add(new InterfaceCounters(name, SysFiles.Text(Path.Combine(dir, "operstate")),
                Stat("rx_bytes"), Stat("tx_bytes"), Stat("rx_packets"), Stat("tx_packets"), Stat("rx_errors"), Stat("tx_errors"),
                Stat("rx_dropped"), Stat("tx_dropped"), SysFiles.Long(Path.Combine(dir, "tx_queue_len"))));
        }

        return list;
    }
}
