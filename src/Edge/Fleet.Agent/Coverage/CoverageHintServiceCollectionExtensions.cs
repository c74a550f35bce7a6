using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Coverage;

public static class CoverageHintServiceCollectionExtensions
{
    /// <summary>Registers the provider (and its options). The daemon still supplies an ICoverageSource
    /// (GrpcCoverageSource once enrolled), feeds fixes and link carriers, sets BondingClient.HintSource and
    /// runs <see cref="CoverageHintProvider.RunCoverageHintsAsync"/>.</summary>
    public static IServiceCollection AddCoverageHints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CoverageHintOptions>().Bind(configuration.GetSection(CoverageHintOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CoverageHintOptions>, CoverageHintOptionsValidator>();
        services.AddSingleton<CoverageHintProvider>();
        return services;
    }
}
