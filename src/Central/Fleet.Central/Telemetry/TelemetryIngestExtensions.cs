namespace Fleet.Central.Telemetry;

public static class TelemetryIngestExtensions
{
    public static WebApplicationBuilder AddTelemetryIngest(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TelemetryIngestService>();
        return builder;
    }
}
