namespace Fleet.Central.Storage;

/// <summary>What one retention pass did: the raw days it removed and the track points it kept for them.</summary>
public sealed record RetentionResult(IReadOnlyList<DateOnly> DroppedDays, long DownsampledPoints);
