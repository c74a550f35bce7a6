using Fleet.Agent.Health;

namespace Fleet.Agent.Tests.Health;

public sealed class TemperatureReaderTests
{
    [Fact]
    public void CpuCelsius_CoretempHwmon_ReturnsHottestCore()
    {
        using var fs = new FakeSysRoot()
            .File("sys/class/hwmon/hwmon0/name", "acpitz_not_cpu\n")
            .File("sys/class/hwmon/hwmon1/name", "coretemp\n")
            .File("sys/class/hwmon/hwmon1/temp1_input", "52000\n")
            .File("sys/class/hwmon/hwmon1/temp2_input", "47500\n")
            .File("sys/class/hwmon/hwmon2/name", "nvme\n")
            .File("sys/class/hwmon/hwmon2/temp1_input", "38850\n");
        var reader = new TemperatureReader(fs.Sys);
        Assert.Equal(52.0, reader.CpuCelsius());
        Assert.Equal(38.85, reader.SsdCelsius());
    }

    [Fact]
    public void CpuCelsius_OnlyThermalZones_PrefersCpuTypedZone()
    {
        using var fs = new FakeSysRoot()
            .File("sys/class/thermal/thermal_zone0/type", "pch_cannonlake\n")
            .File("sys/class/thermal/thermal_zone0/temp", "61000\n")
            .File("sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n")
            .File("sys/class/thermal/thermal_zone1/temp", "44000\n");
        Assert.Equal(44.0, new TemperatureReader(fs.Sys).CpuCelsius());
    }

    [Fact]
    public void CpuCelsius_MissingOrGarbageFiles_Unknown()
    {
        using var fs = new FakeSysRoot()
            .File("sys/class/thermal/thermal_zone0/type", "cpu-thermal\n")
            .File("sys/class/thermal/thermal_zone0/temp", "not a number\n")
            .File("sys/class/hwmon/hwmon0/name", "drivetemp\n")
            .File("sys/class/hwmon/hwmon0/temp1_input", "-273000\n");
        var reader = new TemperatureReader(fs.Sys);
        Assert.Null(reader.CpuCelsius());
        Assert.Null(reader.SsdCelsius());
        Assert.Null(new TemperatureReader(Path.Combine(fs.Root, "does-not-exist")).CpuCelsius());
    }
}
