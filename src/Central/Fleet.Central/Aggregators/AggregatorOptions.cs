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

    /// <summary>When set, a server is dead after this many missed heartbeats (HeartbeatIntervalMs × N) and
    /// LivenessTimeoutSeconds is ignored; its vehicles move to their backups.</summary>
    [Range(0, 100)]
    public int MissedHeartbeatLimit { get; set; }

    /// <summary>How often the liveness monitor looks for silent servers (bounds failover detection delay).</summary>
    [Range(100, 60_000)]
    public int LivenessCheckIntervalMs { get; set; } = 2_000;

    /// <summary>A server whose active sessions reach this share of its capacity is overloaded: its heartbeat
    /// answer says drain (take no new sessions), it gets no new vehicles and sheds those above the mark.</summary>
    [Range(0.1, 10)]
    public double OverloadRatio { get; set; } = 0.95;

    public TimeSpan LivenessTimeout => MissedHeartbeatLimit > 0
        ? TimeSpan.FromMilliseconds((double)HeartbeatIntervalMs * MissedHeartbeatLimit)
        : TimeSpan.FromSeconds(LivenessTimeoutSeconds);

    public TimeSpan LivenessCheckInterval => TimeSpan.FromMilliseconds(LivenessCheckIntervalMs);

    public bool IsOverloaded(int activeSessions, int capacitySessions) =>
        capacitySessions > 0 && activeSessions >= capacitySessions * OverloadRatio;
}
