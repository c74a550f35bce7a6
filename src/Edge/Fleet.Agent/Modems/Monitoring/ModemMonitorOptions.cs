using Fleet.Agent.Modems.Simulation;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Modems.Monitoring;

/// <summary>Modems to poll ("Modems" configuration section).</summary>
public sealed class ModemMonitorOptions
{
    public const string SectionName = "Modems";

    public IList<ModemEndpointOptions> Endpoints { get; } = [];

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>One modem: a carrier label, the AT tty, and its dialect (Generic sticks to 3GPP commands).</summary>
public sealed class ModemEndpointOptions
{
    public string Name { get; set; } = "";

    public string DevicePath { get; set; } = "";

    public int BaudRate { get; set; } = 115200;

    /// <summary>Null: detect from ATI.</summary>
    public ModemVendor? Vendor { get; set; }

    /// <summary>
    /// When set, read this modem through ModemManager (<c>mmcli -m N</c>) instead of its AT port, which
    /// ModemManager then owns. DevicePath is informational in that case.
    /// </summary>
    public int? ModemManagerIndex { get; set; }

    /// <summary>Read GNSS fixes from this modem (+CGPSINFO / +QGPSLOC).</summary>
    public bool Gnss { get; set; }
}

public sealed class ModemMonitorOptionsValidator : IValidateOptions<ModemMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, ModemMonitorOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add("Modems:PollInterval must be at least 100 ms");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            errors.Add("Modems:CommandTimeout must be positive");
        }

        foreach (var (endpoint, i) in options.Endpoints.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(endpoint.Name))
            {
                errors.Add($"Modems:Endpoints:{i}:Name is required");
            }

            if (string.IsNullOrWhiteSpace(endpoint.DevicePath) && endpoint.ModemManagerIndex is null)
            {
                errors.Add($"Modems:Endpoints:{i}:DevicePath (or ModemManagerIndex) is required");
            }
        }

        foreach (var duplicate in options.Endpoints.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"Modems: endpoint name '{duplicate.Key}' is used more than once");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
