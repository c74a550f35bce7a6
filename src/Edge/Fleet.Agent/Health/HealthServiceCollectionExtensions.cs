using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IHealthSampler"/> (a hosted service) bound to the "Health" section, validated at startup.</summary>
    public static IServiceCollection AddDeviceHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddSingleton<HealthSampler>();
        services.AddSingleton<IHealthSampler>(sp => sp.GetRequiredService<HealthSampler>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthSampler>());
        return services;
    }
}
