namespace Fleet.LinkShaper.Model;

public enum ShaperAction : byte
{
    Deliver,
    Drop,
}

public enum ShaperDropReason : byte
{
    None,
    Blackhole,
    QueueFull,
    Loss,
}

/// <summary>What happens to one offered frame: dropped (and why), or delivered at <see cref="ReleaseAtUs"/>.</summary>
public readonly record struct ShaperVerdict(ShaperAction Action, long ReleaseAtUs, ShaperDropReason Reason)
{
    public static ShaperVerdict Drop(ShaperDropReason reason) => new(ShaperAction.Drop, 0, reason);

    public static ShaperVerdict Deliver(long releaseAtUs) => new(ShaperAction.Deliver, releaseAtUs, ShaperDropReason.None);
}
