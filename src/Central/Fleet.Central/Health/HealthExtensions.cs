namespace Fleet.Central.Health;

public static class HealthExtensions
{
    public static WebApplicationBuilder AddFleetHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>GET /healthz: 200 "Healthy" when the database answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapFleetHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz");
        return endpoints;
    }
}
