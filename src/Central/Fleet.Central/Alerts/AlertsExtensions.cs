using Fleet.Central.Alerts.Rules;
using Fleet.Central.Alerts.Webhooks;

namespace Fleet.Central.Alerts;

public static class AlertsExtensions
{
    /// <summary>Alert rules, the evaluator loop, the store and the signed webhook dispatcher.</summary>
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>()
            .Bind(builder.Configuration.GetSection(AlertOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.LinkLookbackMinutes > o.LinkDownMinutes, "Alerts:LinkLookbackMinutes must exceed Alerts:LinkDownMinutes.")
            .Validate(o => o.Webhooks.MaxBackoffMs >= o.Webhooks.InitialBackoffMs, "Alerts:Webhooks:MaxBackoffMs must be at least InitialBackoffMs.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddSingleton<VehicleTenants>();
        builder.Services.AddSingleton<WebhookDeliveryQueue>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<IAlertService, AlertService>();
        builder.Services.AddSingleton<IAlertRule, VehicleOfflineRule>();
        builder.Services.AddSingleton<IAlertRule, LinkDownRule>();
        builder.Services.AddSingleton<IAlertRule, SimRunOutRule>();
        builder.Services.AddSingleton<IAlertRule, AggregatorDownRule>();
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertEvaluator>());
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        return builder;
    }
}
