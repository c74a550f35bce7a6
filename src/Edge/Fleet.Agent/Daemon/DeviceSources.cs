using System.Globalization;
using Fleet.Agent.Config;
using Fleet.Agent.Health;
using Fleet.Agent.Modems.Monitoring;
using Fleet.Agent.Modems.Simulation;
using Fleet.Agent.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Agent.Daemon;

/// <summary>
/// The box's own hardware behind the samplers: modems (AT tty or ModemManager) whose radio metrics join
/// each uplink's link series, and device health every health interval. The agent's JSON config is the
/// only source; it is mapped onto the features' option classes here so they keep their own validation.
/// </summary>
public static class DeviceSources
{
    public static void Add(IServiceCollection services, AgentOptions options)
    {
        var empty = new ConfigurationBuilder().Build();
        services.AddDeviceHealth(empty);
        services.Configure<HealthOptions>(h => h.SampleInterval = TimeSpan.FromMilliseconds(options.Intervals.HealthMs));
        services.AddSingleton<IHealthSource>(sp => new HealthSourceAdapter(sp.GetRequiredService<IHealthSampler>()));

        if (options.Modems.Count > 0)
        {
            services.AddModemMonitoring(empty);
            services.Configure<ModemMonitorOptions>(m =>
            {
                foreach (var modem in options.Modems)
                {
                    m.Endpoints.Add(ToEndpoint(modem));
                }
            });
        }

        services.AddSingleton<ILinkQualitySource>(sp =>
        {
            ILinkQualitySource links = new SysfsLinkQualitySource(options.Uplinks);
            return sp.GetService<IModemMonitor>() is { } monitor
                ? new ModemRadioLinkQualitySource(links, monitor, ModemByUplink(options))
                : links;
        });
    }

    public static ModemEndpointOptions ToEndpoint(ModemOptions modem) => new()
    {
        Name = modem.Name ?? "",
        DevicePath = modem.Device ?? "",
        Vendor = modem.Vendor switch
        {
            "generic" => ModemVendor.Generic,
            "quectel" => ModemVendor.Quectel,
            "simcom" => ModemVendor.Simcom,
            _ => null, // other vendors speak plain 3GPP; ATI decides
        },
        ModemManagerIndex = ModemManagerIndex(modem.ModemManagerId),
    };

    /// <summary>"3" or a D-Bus path ending in /Modem/3.</summary>
    public static int? ModemManagerIndex(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var tail = id.TrimEnd('/')[(id.TrimEnd('/').LastIndexOf('/') + 1)..];
        return int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    /// <summary>Uplink name → the modem serving it: the uplink's "modem" setting, else a modem of the same name.</summary>
    public static IReadOnlyDictionary<string, string> ModemByUplink(AgentOptions options)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in options.Uplinks)
        {
            if (u.Name is null)
            {
                continue;
            }

            var modem = u.Modem ?? options.Modems.FirstOrDefault(m => m.Name == u.Name)?.Name;
            if (modem is not null)
            {
                map[u.Name] = modem;
            }
        }

        return map;
    }
}
