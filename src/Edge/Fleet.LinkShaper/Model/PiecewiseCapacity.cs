namespace Fleet.LinkShaper.Model;

/// <summary>
/// A capacity that changes over time and loops with a fixed period: a list of segments, each with a constant
/// rate (possibly zero = outage) until the next one starts. Mahimahi and JSON traces both become this.
/// The service curve C(t) (bytes deliverable in [0, t)) is piecewise linear, so a packet's finish time is
/// the inverse of C at C(start) + size, found by binary search: O(log n) per packet, no per-ms table.
/// </summary>
public sealed class PiecewiseCapacity : ICapacityModel
{
    private readonly long[] _startUs;
    private readonly double[] _bytesPerUs;
    private readonly double[] _cumulative; // bytes deliverable from 0 to segment start
    private readonly double _bytesPerPeriod;

    /// <param name="segments">(start µs, rate bytes/µs), sorted by start; the first must start at 0.</param>
    /// <param name="periodUs">Loop length; must be after the last segment start.</param>
    public PiecewiseCapacity(IReadOnlyList<(long StartUs, double BytesPerUs)> segments, long periodUs)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0) throw new ArgumentException("a trace needs at least one segment", nameof(segments));
        if (segments[0].StartUs != 0) throw new ArgumentException("the first segment must start at 0", nameof(segments));
        if (periodUs <= segments[^1].StartUs) throw new ArgumentException("the period must end after the last segment starts", nameof(periodUs));
        var n = segments.Count;
        _startUs = new long[n];
        _bytesPerUs = new double[n];
        _cumulative = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            if (i > 0 && segments[i].StartUs < segments[i - 1].StartUs) throw new ArgumentException("segments must be sorted", nameof(segments));
            if (segments[i].BytesPerUs < 0 || double.IsNaN(segments[i].BytesPerUs)) throw new ArgumentException("negative capacity", nameof(segments));
            _startUs[i] = segments[i].StartUs;
            _bytesPerUs[i] = segments[i].BytesPerUs;
        }
        for (var i = 0; i < n; i++)
        {
            var end = i + 1 < n ? _startUs[i + 1] : periodUs;
            _cumulative[i + 1] = _cumulative[i] + _bytesPerUs[i] * (end - _startUs[i]);
        }
        PeriodUs = periodUs;
        _bytesPerPeriod = _cumulative[n];
    }

    public long PeriodUs { get; }

    public int SegmentCount => _startUs.Length;

    public long FinishTime(long startUs, int bytes)
    {
        if (_bytesPerPeriod <= 0) return long.MaxValue;
        return Inverse(Served(startUs) + bytes);
    }

    public double MeanBitsPerSecond(long fromUs, long toUs) =>
        toUs <= fromUs ? 0 : (Served(toUs) - Served(fromUs)) * 8e6 / (toUs - fromUs);

    /// <summary>C(t): bytes the link can deliver in [0, t).</summary>
    public double Served(long tUs)
    {
        var loops = Math.DivRem(tUs, PeriodUs, out var r);
        var i = SegmentAt(r);
        return loops * _bytesPerPeriod + _cumulative[i] + _bytesPerUs[i] * (r - _startUs[i]);
    }

    private long Inverse(double bytes)
    {
        var loops = Math.Floor(bytes / _bytesPerPeriod);
        var rem = bytes - loops * _bytesPerPeriod;
        // first segment whose end cumulative exceeds rem (zero-rate segments are skipped over naturally)
        int lo = 0, hi = _startUs.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid + 1] >= rem) hi = mid; else lo = mid + 1;
        }
        while (lo < _startUs.Length - 1 && _bytesPerUs[lo] <= 0) lo++;
        var within = _bytesPerUs[lo] > 0 ? (rem - _cumulative[lo]) / _bytesPerUs[lo] : 0;
        return (long)(loops * PeriodUs) + _startUs[lo] + (long)Math.Ceiling(within);
    }

    private int SegmentAt(long offsetUs)
    {
        var i = Array.BinarySearch(_startUs, offsetUs);
        if (i < 0) i = ~i - 1;
        // equal starts (zero-length segments): the last one is the one in force
        while (i + 1 < _startUs.Length && _startUs[i + 1] == offsetUs) i++;
        return i;
    }
}
