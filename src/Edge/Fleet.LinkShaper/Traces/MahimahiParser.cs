using Fleet.LinkShaper.Model;

namespace Fleet.LinkShaper.Traces;

/// <summary>
/// Mahimahi link traces: one integer millisecond per line, each line one chance to deliver 1500 bytes;
/// a millisecond listed k times carries k×1500 bytes. The trace loops with period = the last timestamp
/// (as mm-link does). Each millisecond becomes a 1-ms segment at k×1.5 bytes/µs; consecutive
/// milliseconds with the same count are merged.
/// </summary>
public static class MahimahiParser
{
    public const int BytesPerOpportunity = 1500;

    public static TraceParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new SortedDictionary<long, int>();
        long last = -1, lineNo = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            lineNo++;
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#') continue;
            if (!long.TryParse(line, out var ms) || ms < 0)
                return TraceParseResult.Fail($"line {lineNo}: '{line.ToString()}' is not a non-negative millisecond count");
            if (ms < last) return TraceParseResult.Fail($"line {lineNo}: timestamps must not decrease ({ms} after {last})");
            last = ms;
            counts[ms] = counts.GetValueOrDefault(ms) + 1;
        }
        if (counts.Count == 0) return TraceParseResult.Fail("no delivery opportunities");
        var periodMs = Math.Max(last, 1);

        // mm-link: an opportunity at the loop boundary (ms == period) is the next loop's millisecond 0
        var folded = new SortedDictionary<long, int>();
        foreach (var (ms, k) in counts) folded[ms % periodMs] = folded.GetValueOrDefault(ms % periodMs) + k;

        var segments = new List<(long StartUs, double BytesPerUs)>();
        void Append(long startMs, double bytesPerUs)
        {
            if (segments.Count > 0 && segments[^1].BytesPerUs == bytesPerUs) return;
            segments.Add((startMs * 1000, bytesPerUs));
        }
        var next = 0L;
        foreach (var (at, k) in folded)
        {
            if (at > next) Append(next, 0);
            Append(at, k * BytesPerOpportunity / 1000.0);
            next = at + 1;
        }
        if (next < periodMs) Append(next, 0);
        return TraceParseResult.Success(new PiecewiseCapacity(segments, periodMs * 1000));
    }
}
