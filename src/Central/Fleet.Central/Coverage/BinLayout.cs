namespace Fleet.Central.Coverage;

/// <summary>The fixed bins of one metric's histogram over integer readings. Bin i holds the values from its
/// lower bound up to the next bin's lower bound (exclusive); an open-topped layout's last bin takes
/// everything above. Fixed bins make histograms mergeable by adding counts element-wise, so a cell's state
/// has a constant size however many samples it has seen.</summary>
public sealed class BinLayout
{
    /// <summary>The first this many values from the lowest bound find their bin by lookup in
    /// <see cref="_direct"/> (every RTT, most throughputs), larger ones by binary search: a run bins
    /// millions of readings.</summary>
    private const int DirectLimit = 1 << 16;

    private readonly int[] _lower;
    private readonly double[] _representative;
    private readonly int _max;
    private readonly short[] _direct;

    private BinLayout(int[] lower, int max, bool openTop)
    {
        _lower = lower;
        _max = openTop ? int.MaxValue : max;
        _representative = new double[lower.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            var lo = (double)lower[i];
            var hi = i + 1 < lower.Length ? lower[i + 1] - 1.0 : openTop ? lo : max;
            // The value with the smallest worst-case relative error over [lo, hi]: |r - v| / v is the same at
            // both ends, (hi - lo) / (hi + lo). An integer bin (lo = hi) is exact.
            _representative[i] = lo == hi ? lo : 2 * lo * hi / (lo + hi);
        }
        _direct = new short[Math.Clamp((long)Math.Min(_max, DirectLimit - 1) - lower[0] + 1, 0, DirectLimit)];
        for (var i = 0; i < _direct.Length; i++)
            _direct[i] = (short)Search(lower[0] + i);
    }

    public int Count => _lower.Length;

    /// <summary>Bins 0 (the value 0 alone), 1, 2, … each ending where the next starts at ⌊lower × ratio⌋
    /// (at least one more): integers up to 1/(ratio − 1) get a bin each, larger values share bins of
    /// relative width below ratio − 1. The last bin starts at or above <paramref name="max"/> and is open.</summary>
    public static BinLayout Logarithmic(int max, double ratio)
    {
        var lower = new List<int> { 0, 1 };
        while (lower[^1] < max)
            lower.Add(Math.Max(lower[^1] + 1, (int)Math.Floor(lower[^1] * ratio)));
        return new BinLayout([.. lower], max, openTop: true);
    }

    /// <summary>One bin per integer in [min, max]; values outside are not binned.</summary>
    public static BinLayout Linear(int min, int max) =>
        new([.. Enumerable.Range(min, max - min + 1)], max, openTop: false);

    /// <summary>The bin of <paramref name="value"/>, or -1 when the layout does not cover it.</summary>
    public int IndexOf(int value)
    {
        if (value < _lower[0] || value > _max)
            return -1;
        var offset = (long)value - _lower[0];
        return offset < _direct.Length ? _direct[offset] : Search(value);
    }

    private int Search(int value)
    {
        var i = Array.BinarySearch(_lower, value);
        return i >= 0 ? i : ~i - 1;
    }

    public double Representative(int bin) => _representative[bin];

    /// <summary>Largest relative error of a representative over the values of its bin (the open top bin
    /// aside: it reads as its lower bound).</summary>
    public double MaxRelativeError()
    {
        var worst = 0.0;
        for (var i = 1; i + 1 < _lower.Length; i++)
        {
            double lo = _lower[i], hi = _lower[i + 1] - 1;
            worst = Math.Max(worst, Math.Max((_representative[i] - lo) / lo, (hi - _representative[i]) / hi));
        }
        return worst;
    }

    /// <summary>percentile_cont over the binned values, each read as its bin's representative, rounded like
    /// PostgreSQL's round(double precision) (half to even); null when the histogram is empty. The true
    /// percentile_cont is an interpolation between two sample values; replacing each by a representative
    /// within <see cref="MaxRelativeError"/> of it keeps the result within that relative error too.</summary>
    public int? Percentile(ReadOnlySpan<long> counts, double fraction)
    {
        long total = 0;
        foreach (var c in counts)
            total += c;
        if (total == 0)
            return null;
        var position = fraction * (total - 1);
        var lowerRank = (long)Math.Floor(position);
        var upperRank = Math.Min(lowerRank + 1, total - 1);
        var first = Representative(BinOfRank(counts, lowerRank));
        var second = Representative(BinOfRank(counts, upperRank));
        return (int)Math.Round(first + ((position - lowerRank) * (second - first)), MidpointRounding.ToEven);
    }

    private static int BinOfRank(ReadOnlySpan<long> counts, long rank)
    {
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (rank < seen)
                return i;
        }
        throw new ArgumentOutOfRangeException(nameof(rank));
    }
}
