using Fleet.LinkShaper.Model;

namespace Fleet.Bonding.Tests.Shaper;

public sealed class CapacityModelTests
{
    [Fact]
    public void ConstantCapacity_FinishTime_IsSizeOverRate()
    {
        var c = new ConstantCapacity(20e6); // 20 Mbit/s = 2.5 bytes/µs
        Assert.Equal(1_000 + 600, c.FinishTime(1_000, 1500));
    }

    [Fact]
    public void Piecewise_PacketSpanningRateChange_UsesBothRates()
    {
        // 1 byte/µs for 1000 µs, then 0.5 byte/µs; period 2000 µs
        var c = new PiecewiseCapacity([(0, 1.0), (1000, 0.5)], 2000);
        // start at 900: 100 bytes at 1/µs until 1000, remaining 400 bytes at 0.5/µs = 800 µs
        Assert.Equal(1800, c.FinishTime(900, 500));
    }

    [Fact]
    public void Piecewise_OutageSegment_IsSkipped()
    {
        var c = new PiecewiseCapacity([(0, 1.0), (100, 0.0), (5000, 1.0)], 6000);
        Assert.Equal(5050, c.FinishTime(90, 60)); // 10 bytes before the outage, 50 after it ends
    }

    [Fact]
    public void Piecewise_PastPeriod_Loops()
    {
        var c = new PiecewiseCapacity([(0, 2.0), (500, 0.0)], 1000); // 1000 bytes per 1000 µs loop
        Assert.Equal(10_000 + 250, c.FinishTime(10_000, 500));
        Assert.Equal(1_000_000, c.MeanBitsPerSecond(0, 10_000) / 8, 3);
    }

    [Fact]
    public void Piecewise_AllZero_NeverFinishes()
    {
        var c = new PiecewiseCapacity([(0, 0.0)], 1000);
        Assert.Equal(long.MaxValue, c.FinishTime(0, 1));
    }

    [Fact]
    public void Shifted_RestartsCurveAtOrigin()
    {
        var inner = new PiecewiseCapacity([(0, 1.0), (1000, 0.0)], 1_000_000);
        var shifted = new ShiftedCapacity(inner, 50_000);
        Assert.Equal(50_000 + 100, shifted.FinishTime(50_000, 100));
    }

    [Fact]
    public void Scaled_HalfFactor_DoublesAirtime()
    {
        var c = new ScaledCapacity(new ConstantCapacity(8e6), 0.5); // 1 byte/µs halved
        Assert.Equal(2000, c.FinishTime(0, 1000));
    }

    [Fact]
    public void Piecewise_UnsortedSegments_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PiecewiseCapacity([(0, 1.0), (500, 1.0), (100, 1.0)], 1000));
    }
}
