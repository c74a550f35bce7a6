using System.Text.Json;
using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Webhooks;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Alerts;

/// <summary>Alert events POSTed to a real receiver on 127.0.0.1, signed, retried, logged.</summary>
public sealed class WebhookDeliveryTests(AlertsCentral fixture) : IClassFixture<AlertsCentral>
{
    private const string Secret = "receiver-secret-0123456789";
    private CentralFixture Central => fixture.Central;
    private IAlertService Alerts => Central.App.Services.GetRequiredService<IAlertService>();
    private AlertEvaluator Evaluator => Central.App.Services.GetRequiredService<AlertEvaluator>();

    [Fact]
    public async Task AggregatorSilent_OpenedAndAcknowledgedEventsArriveSignedOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        var hook = (await Alerts.CreateWebhookAsync(null, receiver.Url.ToString(), Secret, default)).Value!;
        try
        {
            var registered = await Central.Aggregators.RegisterAsync(TestServers.Registration("agg-alerts-1"), TestServers.RegistrationCredentials());
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // no heartbeat: past Alerts:AggregatorDownSeconds

            await Evaluator.EvaluateOnceAsync(default);
            await Evaluator.EvaluateOnceAsync(default); // same condition: no second alert, no second event

            var opened = await receiver.WaitForAsync(c => c.Body.Contains("alert.opened") && c.Body.Contains("agg-alerts-1"), TimeSpan.FromSeconds(10));
            Assert.True(opened.SignatureValid, opened.Signature);
            Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", opened.Signature);
            Assert.InRange(opened.SignedAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
            Assert.True(WebhookSignature.Verify(opened.Signature, Secret, opened.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            using var payload = JsonDocument.Parse(opened.Body);
            var alert = payload.RootElement.GetProperty("alert");
            Assert.Equal("aggregator_down", alert.GetProperty("kind").GetString());
            Assert.Equal("open", alert.GetProperty("status").GetString());
            Assert.Equal(registered.ServerId, alert.GetProperty("serverId").GetString());
            var alertId = alert.GetProperty("id").GetGuid();

            var acked = await Alerts.AcknowledgeAsync(alertId, "noc.olav", null, default);
            Assert.Equal("acknowledged", acked.Value!.Status);
            var ackEvent = await receiver.WaitForAsync(c => c.Body.Contains("alert.acknowledged") && c.Body.Contains(alertId.ToString()), TimeSpan.FromSeconds(10));
            Assert.True(ackEvent.SignatureValid);
            Assert.Contains("noc.olav", ackEvent.Body);

            await Task.Delay(300); // let a stray duplicate show up if there were one
            Assert.Single(receiver.Calls, c => c.Body.Contains("alert.opened") && c.Body.Contains(alertId.ToString()));
            Assert.Equal(1, await Central.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE kind = 'aggregator_down' AND server_id = $1", Guid.Parse(registered.ServerId)));
            var log = (await Alerts.ListDeliveriesAsync(hook.Webhook.Id, null, 50, default)).Value!;
            Assert.All(log.Where(d => d.AlertId == alertId), d =>
            {
                Assert.Equal("delivered", d.Status);
                Assert.Equal(200, d.LastStatusCode);
                Assert.Equal(1, Assert.Single(d.AttemptLog).Attempt);
            });
        }
        finally
        {
            await Alerts.DeleteWebhookAsync(hook.Webhook.Id, null, default);
        }
    }

    [Fact]
    public async Task ReceiverFailing_RetriedWithExponentialBackoffThenFailed_EveryAttemptLogged()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret);
        receiver.StatusCode = 500;
        var hook = (await Alerts.CreateWebhookAsync(null, receiver.Url.ToString(), Secret, default)).Value!;
        try
        {
            var registered = await Central.Aggregators.RegisterAsync(TestServers.Registration("agg-alerts-2"), TestServers.RegistrationCredentials());
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await Evaluator.EvaluateOnceAsync(default);
            var alertId = await Central.ScalarAsync<Guid>("SELECT id FROM alerts WHERE server_id = $1", Guid.Parse(registered.ServerId));

            WebhookDeliveryView? delivery = null;
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                delivery = (await Alerts.ListDeliveriesAsync(hook.Webhook.Id, null, 50, default)).Value!.FirstOrDefault(d => d.AlertId == alertId);
                if (delivery?.Status == "failed")
                    break;
                await Task.Delay(100);
            }

            Assert.NotNull(delivery);
            Assert.Equal("failed", delivery.Status);
            Assert.Equal(3, delivery.Attempts);
            Assert.Equal([1, 2, 3], delivery.AttemptLog.Select(a => a.Attempt));
            Assert.All(delivery.AttemptLog, a => Assert.Equal(500, a.StatusCode));
            Assert.All(delivery.AttemptLog, a => Assert.Contains("500", a.Error));
            var gaps = delivery.AttemptLog.Zip(delivery.AttemptLog.Skip(1), (a, b) => (b.AttemptedAt - a.AttemptedAt).TotalMilliseconds).ToList();
            Assert.True(gaps[0] >= 190, $"first retry after {gaps[0]} ms");
            Assert.True(gaps[1] >= 390, $"second retry after {gaps[1]} ms (backoff doubles)");
            Assert.Equal(3, receiver.Calls.Count(c => c.Body.Contains(alertId.ToString()) && c.Body.Contains("alert.opened")));
            Assert.All(receiver.Calls, c => Assert.True(c.SignatureValid));
        }
        finally
        {
            await Alerts.DeleteWebhookAsync(hook.Webhook.Id, null, default);
        }
    }

    [Fact]
    public async Task CreateWebhook_BadUrlOrShortSecret_Refused()
    {
        Assert.False((await Alerts.CreateWebhookAsync(null, "ftp://example.org/x", null, default)).Succeeded);
        Assert.False((await Alerts.CreateWebhookAsync(null, "not a url", null, default)).Succeeded);
        Assert.False((await Alerts.CreateWebhookAsync(null, "https://example.org/hook", "short", default)).Succeeded);
        var generated = await Alerts.CreateWebhookAsync(null, "https://example.org/hook", null, default);
        Assert.Equal(64, generated.Value!.Secret.Length);
        await Alerts.DeleteWebhookAsync(generated.Value.Webhook.Id, null, default);
    }
}
