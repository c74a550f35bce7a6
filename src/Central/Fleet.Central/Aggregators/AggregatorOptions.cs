using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Aggregators;

/// <summary>Section "Aggregators". The registration key itself is Central:AggregatorRegistrationKey.</summary>
public sealed class AggregatorOptions
{
    public const string Section = "Aggregators";

    /// <summary>How often servers are told to heartbeat.</summary>
    [Range(100, 600_000)]
    public int HeartbeatIntervalMs { get; set; } = 5_000;

    /// <summary>A server whose last heartbeat is older than this is not live and gets no vehicles.</summary>
    [Range(1, 3_600)]
    public int LivenessTimeoutSeconds { get; set; } = 20;

    public TimeSpan LivenessTimeout => TimeSpan.FromSeconds(LivenessTimeoutSeconds);
}
