namespace Fleet.LinkShaper.Model;

/// <summary>Plays a capacity curve from <paramref name="originUs"/> on: restarting a trace at a new epoch.</summary>
public sealed class ShiftedCapacity(ICapacityModel inner, long originUs) : ICapacityModel
{
    public ICapacityModel Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public long OriginUs { get; } = originUs;

    public long FinishTime(long startUs, int bytes)
    {
        var t = Inner.FinishTime(startUs - OriginUs, bytes);
        return t == long.MaxValue ? t : t + OriginUs;
    }

    public double MeanBitsPerSecond(long fromUs, long toUs) => Inner.MeanBitsPerSecond(fromUs - OriginUs, toUs - OriginUs);
}
