using System.Text.Json;
using Fleet.LinkShaper.Model;

namespace Fleet.LinkShaper.Traces;

/// <summary>
/// ReCoCo-style capacity files: {"uplink":{"trace_pattern":[{"time":s,"duration":ms,"capacity":bytes_per_ms}]}}.
/// Each entry ENDS at <c>time</c> and lasts <c>duration</c> ms; time between entries is an outage (zero
/// capacity); the origin is arbitrary, so the trace is shifted to start at the first entry and loops over
/// its whole span.
/// </summary>
public static class CapacityJsonParser
{
    public static TraceParseResult Parse(string json)
    {
        List<(double EndS, double DurationMs, double BytesPerMs)> entries = [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("uplink", out var uplink) || !uplink.TryGetProperty("trace_pattern", out var pattern)
                || pattern.ValueKind != JsonValueKind.Array)
                return TraceParseResult.Fail("expected {\"uplink\":{\"trace_pattern\":[...]}}");
            var i = 0;
            foreach (var e in pattern.EnumerateArray())
            {
                i++;
                if (!e.TryGetProperty("time", out var t) || !e.TryGetProperty("duration", out var d) || !e.TryGetProperty("capacity", out var c)
                    || !t.TryGetDouble(out var time) || !d.TryGetDouble(out var duration) || !c.TryGetDouble(out var capacity))
                    return TraceParseResult.Fail($"trace_pattern[{i - 1}] needs numeric time, duration and capacity");
                if (duration <= 0 || capacity < 0) return TraceParseResult.Fail($"trace_pattern[{i - 1}]: duration must be > 0 and capacity >= 0");
                entries.Add((time, duration, capacity));
            }
        }
        catch (JsonException e)
        {
            return TraceParseResult.Fail($"invalid JSON: {e.Message}");
        }
        if (entries.Count == 0) return TraceParseResult.Fail("trace_pattern is empty");
        entries.Sort((a, b) => a.EndS.CompareTo(b.EndS));

        var originUs = (long)Math.Round(entries[0].EndS * 1e6 - entries[0].DurationMs * 1000);
        var segments = new List<(long StartUs, double BytesPerUs)>(entries.Count * 2);
        var cursor = 0L;
        foreach (var (endS, durationMs, bytesPerMs) in entries)
        {
            var end = (long)Math.Round(endS * 1e6) - originUs;
            var start = Math.Max(cursor, end - (long)Math.Round(durationMs * 1000));
            if (end <= start) continue; // overlapping entry: the earlier one already covers this time
            if (start > cursor) segments.Add((cursor, 0)); // gap in the log: real stall
            segments.Add((start, bytesPerMs / 1000.0));
            cursor = end;
        }
        if (segments.Count == 0) return TraceParseResult.Fail("no usable entries");
        return TraceParseResult.Success(new PiecewiseCapacity(segments, cursor));
    }
}
