using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Alerts;

/// <summary>Section "Alerts".</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>How often every rule is evaluated.</summary>
    [Range(1, 3_600)]
    public int EvaluationIntervalSeconds { get; set; } = 30;

    /// <summary>A vehicle whose box sent nothing (batch or enrollment) for this long is offline. Batches come
    /// every 10 minutes, so the default tolerates two missed ones.</summary>
    [Range(1, 10_080)]
    public int VehicleOfflineMinutes { get; set; } = 30;

    /// <summary>A carrier link reported Down continuously for this long raises an alert.</summary>
    [Range(1, 1_440)]
    public int LinkDownMinutes { get; set; } = 15;

    /// <summary>How far back link samples are inspected (must cover LinkDownMinutes plus upload delay).</summary>
    [Range(1, 10_080)]
    public int LinkLookbackMinutes { get; set; } = 120;

    /// <summary>An aggregation server silent for this long (and not draining) is down.</summary>
    [Range(1, 86_400)]
    public int AggregatorDownSeconds { get; set; } = 60;

    [Required]
    public WebhookOptions Webhooks { get; set; } = new();
}

public sealed class WebhookOptions
{
    /// <summary>Tries per delivery before it is marked failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the second try; doubles after each failure up to MaxBackoffMs.</summary>
    [Range(10, 3_600_000)]
    public int InitialBackoffMs { get; set; } = 5_000;

    [Range(10, 86_400_000)]
    public int MaxBackoffMs { get; set; } = 15 * 60_000;

    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Polling cadence for due retries (new deliveries wake the dispatcher at once).</summary>
    [Range(50, 60_000)]
    public int PollIntervalMs { get; set; } = 1_000;

    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 20;

    public TimeSpan BackoffAfter(int failedAttempts)
    {
        var ms = InitialBackoffMs * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoffMs));
    }
}
