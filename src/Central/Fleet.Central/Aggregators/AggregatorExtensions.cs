namespace Fleet.Central.Aggregators;

public static class AggregatorExtensions
{
    public static WebApplicationBuilder AddAggregators(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AggregatorOptions>()
            .Bind(builder.Configuration.GetSection(AggregatorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DeviceSetChanges>();
        builder.Services.AddSingleton<AggregatorRegistry>();
        builder.Services.AddSingleton<DeviceDirectory>();
        builder.Services.AddHostedService<ServerLivenessMonitor>();
        return builder;
    }
}
