namespace Fleet.Central.Coverage;

public static class CoverageExtensions
{
    /// <summary>The per-carrier coverage grid: the incremental aggregation job and the query service.</summary>
    public static WebApplicationBuilder AddCoverage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoverageOptions>()
            .Bind(builder.Configuration.GetSection(CoverageOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultCorridorM <= o.MaxCorridorM, "Coverage:DefaultCorridorM must not exceed Coverage:MaxCorridorM.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CoverageAggregator>();
        builder.Services.AddSingleton<ICoverageQuery, CoverageQuery>();
        builder.Services.AddHostedService<CoverageAggregationJob>();
        return builder;
    }
}
