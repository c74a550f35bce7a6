using Fleet.Agent.Health;

namespace Fleet.Agent.Tests.Health;

/// <summary>smartctl --json output recorded in the shape smartctl 7.x documents (json_format_version 1.0).</summary>
public sealed class SmartctlReaderTests
{
    private const string Nvme = """
        {
          "json_format_version": [1, 0],
          "smartctl": { "version": [7, 3], "exit_status": 0 },
          "device": { "name": "/dev/nvme0", "type": "nvme", "protocol": "NVMe" },
          "model_name": "Samsung SSD 980 500GB",
          "smart_status": { "passed": true, "nvme": { "value": 0 } },
          "nvme_smart_health_information_log": { "critical_warning": 0, "temperature": 41, "percentage_used": 3, "power_on_hours": 8123 },
          "temperature": { "current": 41 },
          "power_on_time": { "hours": 8123 }
        }
        """;

    private const string SataFailing = """
        {
          "json_format_version": [1, 0],
          "smartctl": { "version": [7, 3], "exit_status": 8 },
          "device": { "name": "/dev/sda", "type": "sat", "protocol": "ATA" },
          "model_name": "INTEL SSDSC2KB480G8",
          "smart_status": { "passed": false },
          "temperature": { "current": 52 },
          "power_on_time": { "hours": 40001 }
        }
        """;

    [Fact]
    public void Parse_NvmeHealthy_ReturnsPassedTemperatureAndWear()
    {
        var s = SmartctlReader.Parse("/dev/nvme0", Nvme);
        Assert.Equal(new SmartStatus("/dev/nvme0", "Samsung SSD 980 500GB", true, 41, 8123, 3), s);
    }

    [Fact]
    public void Parse_SataFailing_ReportsNotPassed()
    {
        var s = SmartctlReader.Parse("/dev/sda", SataFailing)!;
        Assert.False(s.Passed);
        Assert.Equal(52, s.TemperatureC);
        Assert.Null(s.PercentageUsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("smartctl: command not found")]
    [InlineData("{\"smartctl\":{\"exit_status\":2,\"messages\":[{\"string\":\"Permission denied\"}]}}")]
    public void Parse_NoSmartData_Null(string output) => Assert.Null(SmartctlReader.Parse("/dev/sda", output));

    [Fact]
    public async Task ReadAsync_SmartctlMissing_Null()
    {
        var reader = new SmartctlReader(new ProcessRunner(), "/nonexistent/smartctl");
        Assert.Null(await reader.ReadAsync("/dev/sda", CancellationToken.None));
    }
}
