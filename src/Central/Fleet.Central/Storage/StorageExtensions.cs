namespace Fleet.Central.Storage;

public static class StorageExtensions
{
    /// <summary>Daily partitions, retention with downsampling, and the track query.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PartitionManager>();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddSingleton<TrackQuery>();
        builder.Services.AddSingleton<StorageMaintenanceJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StorageMaintenanceJob>());
        return builder;
    }
}
