using Fleet.Central.Alerts.Data;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Alerts.Webhooks;

/// <summary>Adds deliveries to the caller's unit of work (so they commit with the alert change) and wakes
/// the dispatcher afterwards.</summary>
public sealed class WebhookDeliveryQueue(TimeProvider time)
{
    public ChangeNotifier Changes { get; } = new(time);

    public async Task EnqueueAsync(FleetDbContext db, Alert alert, string eventName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hooks = await db.Set<AlertWebhook>()
            .Where(w => w.Enabled && (w.TenantId == null || w.TenantId == alert.TenantId))
            .Select(w => w.Id)
            .ToListAsync(cancellationToken);
        if (hooks.Count == 0)
            return;
        var payload = new WebhookPayload(Guid.NewGuid(), eventName, now, AlertView.From(alert)).Serialize();
        foreach (var hook in hooks)
        {
            db.Add(new WebhookDelivery
            {
                WebhookId = hook,
                AlertId = alert.Id,
                Event = eventName,
                Payload = payload,
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
    }

    public void Signal() => Changes.NotifyChanged();
}
