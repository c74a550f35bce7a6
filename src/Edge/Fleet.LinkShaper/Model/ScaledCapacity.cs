namespace Fleet.LinkShaper.Model;

/// <summary>A capacity curve multiplied by a constant factor (a slower or faster carrier on the same drive).</summary>
public sealed class ScaledCapacity : ICapacityModel
{
    private readonly ICapacityModel _inner;
    private readonly double _factor;

    public ScaledCapacity(ICapacityModel inner, double factor)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (factor <= 0) throw new ArgumentOutOfRangeException(nameof(factor), "factor must be > 0");
        _factor = factor;
    }

    // A packet of b bytes at factor f uses the airtime of b/f bytes at the original capacity.
    public long FinishTime(long startUs, int bytes) => _inner.FinishTime(startUs, (int)Math.Ceiling(bytes / _factor));

    public double MeanBitsPerSecond(long fromUs, long toUs) => _inner.MeanBitsPerSecond(fromUs, toUs) * _factor;
}
