using Fleet.Central.Tracks;

namespace Fleet.Central.ApiV1;

public static class ApiV1Extensions
{
    /// <summary>The customer REST API (/api/v1, tenant API keys), its OpenAPI document and rate limits.</summary>
    public static WebApplicationBuilder AddApiV1(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiV1Options>()
            .Bind(builder.Configuration.GetSection(ApiV1Options.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultPageSize <= o.MaxPageSize, "ApiV1:DefaultPageSize must not exceed ApiV1:MaxPageSize.")
            .ValidateOnStart();
        builder.Services.AddOptions<TracksOptions>()
            .Bind(builder.Configuration.GetSection(TracksOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TrackQueries>();
        builder.Services.AddRateLimiter(ApiV1RateLimiting.Configure);
        // Only the REST surfaces go into the document (not the dashboard or the gRPC routes).
        builder.Services.AddOpenApi(options => options.ShouldInclude =
            description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        return builder;
    }

    /// <summary>Called after UseAuthorization (Program.cs), so the rate limiter sees the API key principal.</summary>
    public static WebApplication MapApiV1(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        var v1 = app.MapGroup("/api/v1")
            .RequireRateLimiting(ApiV1RateLimiting.PolicyName)
            .WithTags("v1");
        v1.MapVehiclesApi();
        v1.MapPositionsApi();
        v1.MapTracksApi();
        v1.MapTripsApi();
        v1.MapSimsApi();
        v1.MapAlertsApi();
        v1.MapWebhooksApi();
        v1.MapCoverageApi();
        return app;
    }
}
