namespace Fleet.Central.Finance;

public static class FinanceExtensions
{
    /// <summary>SIM finance: the service the API and dashboard use and the daily usage job.</summary>
    public static WebApplicationBuilder AddFinance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FinanceOptions>()
            .Bind(builder.Configuration.GetSection(FinanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SimUsageAggregator>();
        builder.Services.AddSingleton<SimFinanceService>();
        builder.Services.AddSingleton<ISimFinanceService>(services => services.GetRequiredService<SimFinanceService>());
        builder.Services.AddHostedService<SimUsageJob>();
        return builder;
    }
}
