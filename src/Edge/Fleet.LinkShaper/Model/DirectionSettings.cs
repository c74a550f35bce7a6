namespace Fleet.LinkShaper.Model;

/// <summary>Everything that shapes one direction of one link, already parsed and validated.</summary>
public sealed record DirectionSettings
{
    public required ICapacityModel Capacity { get; init; }

    public long DelayUs { get; init; }

    /// <summary>Each packet's delay varies uniformly in ±jitter around <see cref="DelayUs"/> (never below 0).</summary>
    public long JitterUs { get; init; }

    /// <summary>Let jitter reorder packets of this link. Off: a packet never overtakes its predecessor (like a radio bearer).</summary>
    public bool AllowReorder { get; init; }

    public ILossModel? Loss { get; init; }

    /// <summary>Drop-tail: a packet that would wait longer than this before its transmission ends is dropped.</summary>
    public long QueueLimitUs { get; init; } = 50_000;

    /// <summary>Drop-tail in bytes as well (0 = only the time bound).</summary>
    public long QueueLimitBytes { get; init; }
}
