using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Telemetry;

/// <summary>Section "Telemetry": limits a batch must respect (a 10-minute batch at 1 Hz has 600 samples
/// per series; the defaults leave room for an agent that merges a backlog).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    [Range(1, 1_000_000)]
    public int MaxPositionsPerBatch { get; set; } = 36_000;

    [Range(1, 64)]
    public int MaxLinksPerBatch { get; set; } = 16;

    [Range(1, 1_000_000)]
    public int MaxSamplesPerLink { get; set; } = 36_000;

    [Range(1, 1_000_000)]
    public int MaxHealthSamplesPerBatch { get; set; } = 36_000;

    /// <summary>How far in the future a timestamp may be (agent clock skew) before the batch is refused.</summary>
    [Range(0, 86_400)]
    public int MaxFutureSkewSeconds { get; set; } = 300;

    public TimeSpan MaxFutureSkew => TimeSpan.FromSeconds(MaxFutureSkewSeconds);
}
