using Fleet.Central.Components;

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
        return app;
    }
}
