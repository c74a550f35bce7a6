using System.Globalization;

namespace Fleet.Agent.Health;

/// <summary>/proc/loadavg, /proc/stat and /proc/meminfo.</summary>
public sealed class ProcReader(string procRoot)
{
    private (long Busy, long Total)? _previousCpu;

    public CpuLoad? Cpu()
    {
        var loadavg = SysFiles.Text(Path.Combine(procRoot, "loadavg"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (loadavg is not { Length: >= 3 }
            || !double.TryParse(loadavg[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l1)
            || !double.TryParse(loadavg[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var l5)
            || !double.TryParse(loadavg[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var l15))
        {
            return null;
        }

        return new CpuLoad(l1, l5, l15, Utilisation());
    }

    public MemoryUsage? Memory()
    {
        var text = SysFiles.Text(Path.Combine(procRoot, "meminfo"));
        if (text is null)
        {
            return null;
        }

        long? total = null, available = null, free = null;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                continue;
            }

            switch (parts[0])
            {
                case "MemTotal":
                    total = kb * 1024;
                    break;
                case "MemAvailable":
                    available = kb * 1024;
                    break;
                case "MemFree":
                    free = kb * 1024;
                    break;
            }
        }

        return total is { } t ? new MemoryUsage(t, available ?? free ?? 0) : null;
    }

    /// <summary>Busy share of all CPU time since the previous call; null on the first call.</summary>
    private double? Utilisation()
    {
        var first = SysFiles.Text(Path.Combine(procRoot, "stat"))?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (first is null)
        {
            return null;
        }

        var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        if (values.Length < 4)
        {
            return null;
        }

        // user nice system idle iowait irq softirq steal: idle + iowait is not busy.
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        var total = values.Take(8).Sum();
        var previous = _previousCpu;
        _previousCpu = (total - idle, total);
        if (previous is not { } p || total <= p.Total)
        {
            return null;
        }

        return Math.Clamp((double)(total - idle - p.Busy) / (total - p.Total), 0, 1);
    }
}
