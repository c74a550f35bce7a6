using Fleet.Central.Alerts;
using Fleet.Central.Api;
using Fleet.Central.Security;
using Fleet.Central.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.ApiV1;

/// <summary>/api/v1/webhooks: where the tenant's alert events are POSTed, signed with a per-webhook secret
/// (shown once, at creation), and the log of deliveries.</summary>
public static class WebhooksApi
{
    private const int DeliveriesShown = 100;

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder v1)
    {
        var read = FleetPolicies.ApiScope(ApiScopes.AlertsRead);
        var write = FleetPolicies.ApiScope(ApiScopes.AlertsWrite);
        v1.MapGet("/webhooks", ListAsync).RequireAuthorization(read).WithName("ListWebhooks");
        v1.MapPost("/webhooks", CreateAsync).RequireAuthorization(write).WithName("CreateWebhook");
        v1.MapDelete("/webhooks/{webhookId:guid}", DeleteAsync).RequireAuthorization(write).WithName("DeleteWebhook");
        v1.MapGet("/webhooks/{webhookId:guid}/deliveries", ListDeliveriesAsync).RequireAuthorization(read).WithName("ListWebhookDeliveries");
        return v1;
    }

    internal static async Task<Ok<WebhookList>> ListAsync(ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookList(await alerts.ListWebhooksAsync(caller.TenantId, cancellationToken)));

    internal static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> CreateAsync(
        WebhookBody? body, ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken)
    {
        if (body?.Url is null)
            return Common.Failure.Invalid("A JSON body with 'url' is required: {\"url\": \"https://example.com/fleet-alerts\"}.").ToProblem();
        var created = await alerts.CreateWebhookAsync(caller.TenantId, body.Url, body.Secret, cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/webhooks/{created.Value.Webhook.Id}", created.Value)
            : created.Failure.ToProblem();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid webhookId, ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken)
    {
        var deleted = await alerts.DeleteWebhookAsync(webhookId, caller.TenantId, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Failure.ToProblem();
    }

    internal static async Task<Results<Ok<WebhookDeliveryList>, ProblemHttpResult>> ListDeliveriesAsync(
        Guid webhookId, ApiCaller caller, IAlertService alerts, CancellationToken cancellationToken)
    {
        var deliveries = await alerts.ListDeliveriesAsync(webhookId, caller.TenantId, DeliveriesShown, cancellationToken);
        return deliveries.Succeeded
            ? TypedResults.Ok(new WebhookDeliveryList(webhookId, deliveries.Value))
            : deliveries.Failure.ToProblem();
    }
}
