using System.Globalization;

namespace Fleet.Central.Storage;

/// <summary>The time-partitioned raw sample tables and the names of their daily partitions.</summary>
public static class SampleTables
{
    public const string Positions = "positions";

    /// <summary>Link samples, stored compactly: one row of arrays per vehicle, batch, link and UTC day (the
    /// link_samples view unnests them).</summary>
    public const string LinkSeries = "link_series";

    /// <summary>Health samples, one row of arrays per vehicle, batch and UTC day (view health_samples).</summary>
    public const string HealthSeries = "health_series";

    public static readonly IReadOnlyList<string> All = [Positions, LinkSeries, HealthSeries];

    /// <summary>The partition holding the UTC day <paramref name="day"/>: e.g. positions_p20261121.</summary>
    public static string PartitionName(string table, DateOnly day) =>
        $"{table}_p{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The day a partition name stands for; null for anything else (e.g. a hand-made partition).</summary>
    public static DateOnly? DayOf(string table, string partition) =>
        partition.StartsWith(table + "_p", StringComparison.Ordinal) &&
        DateOnly.TryParseExact(partition.AsSpan(table.Length + 2), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;

    public static DateOnly UtcDay(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
