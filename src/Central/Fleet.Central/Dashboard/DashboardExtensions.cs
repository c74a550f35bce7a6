using Fleet.Central.Components;
using Fleet.Central.Dashboard.Finance;
using Fleet.Central.Security;

namespace Fleet.Central.Dashboard;

public static class DashboardExtensions
{
    /// <summary>Blazor Server (interactive server rendering) and the live map feed.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection(DashboardOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSingleton<FleetMapFeed>();
        builder.Services.AddSingleton<VehicleDetailQueries>();
        builder.Services.AddSingleton<SimFinanceTable>();
        builder.Services.AddSingleton<Coverage.CoverageExtent>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FleetMapFeed>());
        // Serve wwwroot, scoped CSS and collocated JS from the build output in every environment, not only
        // Development (a no-op for published apps, which carry the files themselves).
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // The finance SIM table as CSV (the dashboard's "Export CSV" link; same rows as the page).
        app.MapGet("/finance/sims.csv", async (SimFinanceTable table, TimeProvider time, CancellationToken cancellationToken) =>
                Results.File(System.Text.Encoding.UTF8.GetBytes(SimFinanceTable.ToCsv(await table.LoadAsync(cancellationToken))),
                    "text/csv; charset=utf-8", $"sims-{time.GetUtcNow():yyyy-MM-dd}.csv"))
            .RequireAuthorization(FleetPolicies.Finance);
        return app;
    }
}
