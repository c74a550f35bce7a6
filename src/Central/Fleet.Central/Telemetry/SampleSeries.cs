using Fleet.Central.Storage;

namespace Fleet.Central.Telemetry;

/// <summary>Cuts a batch's link and health samples into the series rows link_series / health_series store:
/// one per link (name, SIM and operator as the series carries them) and UTC day, time-ordered. A row never
/// crosses midnight, so per-day readers (SIM usage, retention) take whole rows, and the newest sample of a
/// row is its last element.</summary>
public static class SampleSeries
{
    /// <summary>fleet.telemetry.LinkState.LINK_STATE_DOWN, counted per row (link_series.down_count).</summary>
    public const short LinkStateDown = (short)Fleet.Contracts.Telemetry.LinkState.Down;

    public static List<List<DecodedLinkSample>> Links(IReadOnlyList<DecodedLinkSample> samples) =>
        Group(samples, s => (s.LinkName, s.Iccid, s.OperatorName, s.MccMnc, SampleTables.UtcDay(s.Time)), s => s.Time);

    public static List<List<DecodedHealthSample>> Health(IReadOnlyList<DecodedHealthSample> samples) =>
        Group(samples, s => SampleTables.UtcDay(s.Time), s => s.Time);

    /// <summary>Groups in order of first appearance; each group sorted by time (stable: equal times keep
    /// their upload order).</summary>
    private static List<List<T>> Group<T, TKey>(IReadOnlyList<T> samples, Func<T, TKey> key, Func<T, DateTimeOffset> time)
        where TKey : notnull
    {
        var groups = new List<List<T>>();
        if (samples.Count == 0)
            return groups;
        var index = new Dictionary<TKey, int>();
        foreach (var sample in samples)
        {
            var k = key(sample);
            if (!index.TryGetValue(k, out var i))
            {
                i = groups.Count;
                index[k] = i;
                groups.Add([]);
            }
            groups[i].Add(sample);
        }
        foreach (var group in groups)
        {
            if (!IsSorted(group, time))
            {
                var sorted = group.Select((s, i) => (s, i)).OrderBy(x => time(x.s)).ThenBy(x => x.i).Select(x => x.s).ToList();
                group.Clear();
                group.AddRange(sorted);
            }
        }
        return groups;
    }

    private static bool IsSorted<T>(List<T> group, Func<T, DateTimeOffset> time)
    {
        for (var i = 1; i < group.Count; i++)
        {
            if (time(group[i]) < time(group[i - 1]))
                return false;
        }
        return true;
    }
}
