namespace Fleet.LinkShaper.Model;

/// <summary>Decides, packet by packet, whether the radio loses it.</summary>
public interface ILossModel
{
    bool IsLost(ref FastRandom random);
}

/// <summary>Independent loss with a fixed probability.</summary>
public sealed class RandomLoss(double probability) : ILossModel
{
    public double Probability { get; } = probability is >= 0 and <= 1
        ? probability : throw new ArgumentOutOfRangeException(nameof(probability), "loss probability must be in 0..1");

    public bool IsLost(ref FastRandom random) => Probability > 0 && random.NextDouble() < Probability;
}

/// <summary>
/// Gilbert-Elliott burst loss: a Good and a Bad state with their own loss rates; per packet the state first
/// moves (Good→Bad with <c>p</c>, Bad→Good with <c>r</c>), then the packet is lost with the state's rate.
/// Mean burst length is 1/r packets; long-run share of Bad is p/(p+r).
/// </summary>
public sealed class GilbertElliottLoss : ILossModel
{
    private bool _bad;

    public GilbertElliottLoss(double p, double r, double lossInBad = 1.0, double lossInGood = 0.0)
    {
        foreach (var (v, n) in new[] { (p, nameof(p)), (r, nameof(r)), (lossInBad, nameof(lossInBad)), (lossInGood, nameof(lossInGood)) })
            if (v is < 0 or > 1 || double.IsNaN(v)) throw new ArgumentOutOfRangeException(n, $"{n} must be in 0..1");
        P = p;
        R = r;
        LossInBad = lossInBad;
        LossInGood = lossInGood;
    }

    public double P { get; }
    public double R { get; }
    public double LossInBad { get; }
    public double LossInGood { get; }

    public bool IsBad => _bad;

    public bool IsLost(ref FastRandom random)
    {
        _bad = _bad ? random.NextDouble() >= R : random.NextDouble() < P;
        var rate = _bad ? LossInBad : LossInGood;
        return rate > 0 && random.NextDouble() < rate;
    }
}
