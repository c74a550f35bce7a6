namespace Fleet.Central.Coverage;

/// <summary>One batch's GPS fixes, each placed in its grid cell once, looked up by time: a link sample
/// belongs to the cell of the nearest fix less than a second away (none: the sample is not placed).</summary>
public sealed class FixTrack(double cellSizeM)
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    private readonly List<long> _ticks = [];
    private readonly List<(long X, long Y)?> _cells = [];
    private bool _sorted = true;

    public int Count => _ticks.Count;

    public void Add(DateTime time, double lat, double lon)
    {
        if (_ticks.Count > 0 && time.Ticks < _ticks[^1])
            _sorted = false;
        _ticks.Add(time.Ticks);
        _cells.Add(WebMercator.TryProject(lat, lon, out var x, out var y)
            ? ((long)Math.Floor(x / cellSizeM), (long)Math.Floor(y / cellSizeM))
            : null);
    }

    /// <summary>The cell of the fix nearest to <paramref name="time"/> (the earlier of two equally near),
    /// if it is less than a second away and inside the projection.</summary>
    public bool TryCellAt(DateTime time, out long x, out long y)
    {
        EnsureSorted();
        (x, y) = (0, 0);
        var t = time.Ticks;
        var i = _ticks.BinarySearch(t);
        if (i < 0)
        {
            var after = ~i;
            var before = after - 1;
            i = before >= 0 && (after >= _ticks.Count || t - _ticks[before] <= _ticks[after] - t) ? before : after;
        }
        else
        {
            while (i > 0 && _ticks[i - 1] == t)
                i--; // the first of equal times, as the order they were added in
        }
        if (i < 0 || i >= _ticks.Count || Math.Abs(_ticks[i] - t) >= Second || _cells[i] is not { } cell)
            return false;
        (x, y) = cell;
        return true;
    }

    private void EnsureSorted()
    {
        if (_sorted)
            return;
        var order = Enumerable.Range(0, _ticks.Count).OrderBy(i => _ticks[i]).ToArray();
        var ticks = order.Select(i => _ticks[i]).ToList();
        var cells = order.Select(i => _cells[i]).ToList();
        _ticks.Clear();
        _ticks.AddRange(ticks);
        _cells.Clear();
        _cells.AddRange(cells);
        _sorted = true;
    }
}
