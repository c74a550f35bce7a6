namespace Fleet.Central.Api;

public static class ApiExtensions
{
    /// <summary>ProblemDetails for every error the REST surface produces, including 401/403/404 without a body.</summary>
    public static WebApplicationBuilder AddFleetApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }
}
