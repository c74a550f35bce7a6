using Fleet.Agent.Health;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Modems.Monitoring;

public static class ModemServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IModemMonitor"/> (a hosted service) bound to the "Modems" section, validated at startup.</summary>
    public static IServiceCollection AddModemMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModemMonitorOptions>().Bind(configuration.GetSection(ModemMonitorOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModemMonitorOptions>, ModemMonitorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISerialPortOpener, LinuxSerialPortOpener>();
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<ModemMonitor>();
        services.AddSingleton<IModemMonitor>(sp => sp.GetRequiredService<ModemMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<ModemMonitor>());
        return services;
    }
}
