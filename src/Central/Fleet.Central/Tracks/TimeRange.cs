namespace Fleet.Central.Tracks;

/// <summary>A half-open UTC interval [From, To) already checked against the API limits.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Span => To - From;
}
