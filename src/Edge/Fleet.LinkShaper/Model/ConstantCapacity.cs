namespace Fleet.LinkShaper.Model;

/// <summary>A fixed rate, like tbf: a packet takes bytes×8/rate seconds on the link.</summary>
public sealed class ConstantCapacity : ICapacityModel
{
    private readonly double _microsPerByte;

    public ConstantCapacity(double bitsPerSecond)
    {
        if (bitsPerSecond <= 0 || double.IsNaN(bitsPerSecond)) throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), "rate must be positive");
        BitsPerSecond = bitsPerSecond;
        _microsPerByte = 8e6 / bitsPerSecond;
    }

    public double BitsPerSecond { get; }

    public long FinishTime(long startUs, int bytes) => startUs + (long)Math.Ceiling(bytes * _microsPerByte);

    public double MeanBitsPerSecond(long fromUs, long toUs) => BitsPerSecond;
}
