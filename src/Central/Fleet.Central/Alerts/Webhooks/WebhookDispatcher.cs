using System.Diagnostics;
using System.Text;
using Fleet.Central.Alerts.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Alerts.Webhooks;

/// <summary>POSTs due deliveries, signed, and logs every attempt. A failed try is retried with exponential
/// backoff until WebhookOptions.MaxAttempts. Deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease
/// (next_attempt_at pushed past the request timeout), so two central instances never send the same try.</summary>
public sealed partial class WebhookDispatcher(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    WebhookDeliveryQueue queue,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "fleet-webhooks";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunDispatcherAsync(stoppingToken);

    private async Task RunDispatcherAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.Webhooks;
        var seen = queue.Changes.Revision;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchDueAsync(cancellationToken) >= o.BatchSize)
                    {
                        // A full batch: there may be more due right now.
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogDispatchFailed(logger, ex);
                }
                seen = await queue.Changes.WaitForChangeAsync(seen, TimeSpan.FromMilliseconds(o.PollIntervalMs), cancellationToken);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown (cancellation, or a dependency disposed under a pass still in flight): pending deliveries stay in the table for the next start.
        }
    }

    /// <summary>Sends every delivery due now (one batch); returns how many were tried.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.Webhooks;
        var now = time.GetUtcNow();
        var claimed = await ClaimAsync(now, o, cancellationToken);
        foreach (var delivery in claimed)
            await SendAsync(delivery, o, cancellationToken);
        return claimed.Count;
    }

    private async Task<List<ClaimedDelivery>> ClaimAsync(DateTimeOffset now, WebhookOptions o, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE webhook_deliveries d SET next_attempt_at = $2
            FROM alert_webhooks w
            WHERE w.id = d.webhook_id AND d.id IN (
                SELECT id FROM webhook_deliveries
                WHERE status = 0 AND next_attempt_at <= $1
                ORDER BY next_attempt_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.attempts, d.payload, w.url, w.secret, w.enabled
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = now + TimeSpan.FromSeconds(o.RequestTimeoutSeconds * 2 + 5), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = o.BatchSize, NpgsqlDbType = NpgsqlDbType.Integer });
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claimed.Add(new ClaimedDelivery(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5)));
        return claimed;
    }

    private async Task SendAsync(ClaimedDelivery delivery, WebhookOptions o, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        int? statusCode = null;
        string? error = null;
        if (!delivery.Enabled)
        {
            error = "webhook disabled";
        }
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
                {
                    Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName,
                    WebhookSignature.Create(delivery.Secret, started.ToUnixTimeSeconds(), delivery.Payload));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(o.RequestTimeoutSeconds));
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
                statusCode = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                    error = $"HTTP {statusCode} {response.ReasonPhrase}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"timed out after {o.RequestTimeoutSeconds} s";
            }
            catch (HttpRequestException ex)
            {
                error = ex.Message;
            }
            catch (InvalidOperationException ex)
            {
                error = ex.Message; // e.g. a URL HttpClient cannot send to
            }
        }
        var succeeded = error is null;
        var finished = time.GetUtcNow();
        WebhookDeliveryStatus status;
        DateTimeOffset next;
        if (succeeded)
        {
            status = WebhookDeliveryStatus.Delivered;
            next = finished;
        }
        else if (attempt >= o.MaxAttempts || !delivery.Enabled)
        {
            status = WebhookDeliveryStatus.Failed;
            next = finished;
        }
        else
        {
            status = WebhookDeliveryStatus.Pending;
            next = finished + o.BackoffAfter(attempt);
        }
        await RecordAsync(delivery.Id, attempt, started, statusCode, error, (int)stopwatch.ElapsedMilliseconds, status, next, finished, cancellationToken);
        if (succeeded)
            LogDelivered(logger, delivery.Id, attempt, statusCode ?? 0);
        else
            LogAttemptFailed(logger, delivery.Id, attempt, error!, status == WebhookDeliveryStatus.Failed);
    }

    private async Task RecordAsync(long deliveryId, int attempt, DateTimeOffset attemptedAt, int? statusCode, string? error, int durationMs,
        WebhookDeliveryStatus status, DateTimeOffset next, DateTimeOffset finished, CancellationToken cancellationToken)
    {
        var truncated = error is { Length: > 1000 } ? error[..1000] : error;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO webhook_delivery_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)")
        {
            Parameters =
            {
                new() { Value = deliveryId, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = attempt, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = attemptedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)statusCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = (object?)truncated ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
                new() { Value = durationMs, NpgsqlDbType = NpgsqlDbType.Integer },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6,
                completed_at = CASE WHEN $3 = 0 THEN NULL ELSE $7 END
            WHERE id = $1
            """)
        {
            Parameters =
            {
                new() { Value = deliveryId, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = attempt, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = (short)status, NpgsqlDbType = NpgsqlDbType.Smallint },
                new() { Value = next, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)statusCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = finished, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record ClaimedDelivery(long Id, int Attempts, string Payload, string Url, string Secret, bool Enabled);
}
