using Fleet.Central.Agents;
using Fleet.Central.Aggregators;
using Fleet.Central.Alerts;
using Fleet.Central.Api;
using Fleet.Central.ApiV1;
using Fleet.Central.Assignments;
using Fleet.Central.Coverage;
using Fleet.Central.Dashboard;
using Fleet.Central.Data;
using Fleet.Central.Enrollment;
using Fleet.Central.Finance;
using Fleet.Central.Health;
using Fleet.Central.Hosting;
using Fleet.Central.Security;
using Fleet.Central.Storage;
using Fleet.Central.Telemetry;
using Fleet.Central.Tenancy;
using Fleet.Central.Users;

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
        builder.AddTenancy();
        builder.AddFleetUsers();
        builder.AddApiV1();
        builder.AddFleetHealth();
        builder.AddFleetApi();
        builder.AddEnrollment();
        builder.AddTelemetryIngest();
        builder.AddStorage();
        builder.AddAggregators();
        builder.AddAssignments();
        builder.AddAgentGateway();
        builder.AddDashboard();
        builder.AddFinance();
        builder.AddCoverage();
        builder.AddAlerts();

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapFleetHealth();
        app.MapAdminApi();
        app.MapTenancyAdminApi();
        app.MapUsersAdminApi();
        app.MapApiV1();
        app.MapAgentGateway();
        app.MapDashboard();
        return app;
    }
}
