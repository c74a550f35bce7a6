using Microsoft.Extensions.Options;

namespace Fleet.Agent.Health;

/// <summary>"Health" configuration section. The roots exist so tests can point at a fake sysfs/procfs tree.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    public string SysRoot { get; set; } = "/sys";

    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Mount points whose free space is reported.</summary>
    public IList<string> DiskPaths { get; } = ["/"];

    /// <summary>Block devices for smartctl (e.g. /dev/nvme0, /dev/sda); empty skips SMART.</summary>
    public IList<string> SmartDevices { get; } = [];

    public string SmartctlPath { get; set; } = "smartctl";

    /// <summary>Interfaces to report; empty means all except loopback.</summary>
    public IList<string> Interfaces { get; } = [];
}

public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var errors = new List<string>();
        if (options.SampleInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("Health:SampleInterval must be at least 1 s");
        }

        if (string.IsNullOrWhiteSpace(options.SysRoot) || string.IsNullOrWhiteSpace(options.ProcRoot))
        {
            errors.Add("Health:SysRoot and Health:ProcRoot are required");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
