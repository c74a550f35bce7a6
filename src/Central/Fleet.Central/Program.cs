using Fleet.Central.Agents;
using Fleet.Central.Aggregators;
using Fleet.Central.Api;
using Fleet.Central.Assignments;
using Fleet.Central.Dashboard;
using Fleet.Central.Data;
using Fleet.Central.Enrollment;
using Fleet.Central.Health;
using Fleet.Central.Hosting;
using Fleet.Central.Security;
using Fleet.Central.Telemetry;

namespace Fleet.Central;

public static class Program
{
    public static async Task Main(string[] args)
    {
        await using var app = Build(args);
        await app.MigrateFleetDatabaseAsync();
        await app.RunAsync();
    }

    /// <summary>The whole host, as a table of contents. Tests call this too (with their own configuration),
    /// so what they exercise is exactly what runs.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);

        builder.AddCentralHosting();
        builder.AddFleetData();
        builder.AddFleetSecurity();
        builder.AddFleetHealth();
        builder.AddFleetApi();
        builder.AddEnrollment();
        builder.AddTelemetryIngest();
        builder.AddAggregators();
        builder.AddAssignments();
        builder.AddAgentGateway();
        builder.AddDashboard();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapFleetHealth();
        app.MapAdminApi();
        app.MapAgentGateway();
        app.MapDashboard();
        return app;
    }
}
