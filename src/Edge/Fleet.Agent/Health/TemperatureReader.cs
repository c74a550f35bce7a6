namespace Fleet.Agent.Health;

/// <summary>
/// CPU and SSD temperatures from sysfs. hwmon chips are named (coretemp/k10temp/cpu_thermal for the CPU,
/// nvme/drivetemp for disks); thermal zones are typed (x86_pkg_temp, cpu-thermal, soc...). Values are millidegrees.
/// </summary>
public sealed class TemperatureReader(string sysRoot)
{
    private static readonly string[] CpuChips = ["coretemp", "k10temp", "zenpower", "cpu_thermal", "cpu-thermal", "soc_thermal", "acpitz"];
    private static readonly string[] CpuZones = ["x86_pkg_temp", "cpu", "soc", "acpitz", "cpu-thermal"];
    private static readonly string[] DiskChips = ["nvme", "drivetemp"];

    public double? CpuCelsius()
    {
        var hwmon = MaxOfChips(CpuChips);
        if (hwmon is not null)
        {
            return hwmon;
        }

        double? best = null, any = null;
        foreach (var zone in SysFiles.Directories(Path.Combine(sysRoot, "class", "thermal"), "thermal_zone*"))
        {
            if (Celsius(SysFiles.Long(Path.Combine(zone, "temp"))) is not { } t)
            {
                continue;
            }

            var type = SysFiles.Text(Path.Combine(zone, "type"))?.ToLowerInvariant() ?? "";
            any = Math.Max(any ?? t, t);
            if (CpuZones.Any(z => type.Contains(z, StringComparison.Ordinal)))
            {
                best = Math.Max(best ?? t, t);
            }
        }

        return best ?? any;
    }

    public double? SsdCelsius() => MaxOfChips(DiskChips);

    private double? MaxOfChips(string[] names)
    {
        double? max = null;
        foreach (var chip in SysFiles.Directories(Path.Combine(sysRoot, "class", "hwmon"), "hwmon*"))
        {
            var name = SysFiles.Text(Path.Combine(chip, "name"))?.ToLowerInvariant();
            if (name is null || !names.Contains(name))
            {
                continue;
            }

            try
            {
                foreach (var input in Directory.EnumerateFiles(chip, "temp*_input"))
                {
                    if (Celsius(SysFiles.Long(input)) is { } t)
                    {
                        max = Math.Max(max ?? t, t);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A chip that vanishes mid-scan just contributes nothing.
            }
        }

        return max;
    }

    /// <summary>Millidegrees → °C; implausible readings (disconnected sensors report -273 or 127000+) are dropped.</summary>
    private static double? Celsius(long? milli) => milli is { } m && m is > -40_000 and < 150_000 ? m / 1000.0 : null;
}
