using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Dashboard;

/// <summary>What the vehicle page shows, read straight from PostgreSQL. Long ranges are averaged into time
/// buckets (at most <see cref="MaxPoints"/> per series) so a week loads as fast as an hour; all reads are range
/// scans on (vehicle_id, time) (link series: (vehicle_id, start_at)). Operator staff see every vehicle, so there is no tenant filter here.</summary>
public sealed class VehicleDetailQueries(NpgsqlDataSource dataSource)
{
    public const int MaxPoints = 1500;

    /// <summary>Seconds per bucket so that <paramref name="span"/> fits <see cref="MaxPoints"/> buckets (at least 1 s).</summary>
    public static int BucketSecondsFor(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds / MaxPoints));

    /// <summary>The first fix of every bucket, in time order.</summary>
    public async Task<TrackSeries> GetTrackAsync(Guid vehicleId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bucket = BucketSecondsFor(to - from);
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (date_bin($4, time, $2)) extract(epoch FROM time)::float8, ST_Y(geom), ST_X(geom)
            FROM positions
            WHERE vehicle_id = $1 AND time >= $2 AND time < $3
            ORDER BY date_bin($4, time, $2), time, id
            """);
        AddRange(command, vehicleId, from, to, bucket);
        List<double> times = [], lats = [], lons = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            times.Add(reader.GetDouble(0));
            lats.Add(reader.GetDouble(1));
            lons.Add(reader.GetDouble(2));
        }
        return new TrackSeries([.. times], [.. lats], [.. lons], bucket);
    }

    /// <summary>Bucket averages per link, aligned on one time axis.</summary>
    public async Task<LinkSeries> GetLinkSeriesAsync(Guid vehicleId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bucket = BucketSecondsFor(to - from);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT extract(epoch FROM date_bin($4, u.time, $2))::float8 AS at, s.link_name, max(s.operator_name),
                   avg(u.rate_kbps)::float8, avg(u.rtt_ms)::float8, avg(u.loss_permille)::float8,
                   avg(coalesce(u.rsrp_dbm, u.rssi_dbm))::float8, avg(u.weight_permille)::float8
            FROM link_series s
            CROSS JOIN LATERAL unnest(s.times, s.rate_kbps, s.rtt_ms, s.loss_permille, s.rsrp_dbm, s.rssi_dbm, s.weight_permille)
                AS u(time, rate_kbps, rtt_ms, loss_permille, rsrp_dbm, rssi_dbm, weight_permille)
            WHERE s.vehicle_id = $1 AND s.start_at >= {FirstSeriesStart("$2")} AND s.start_at < $3 AND s.end_at >= $2
              AND u.time >= $2 AND u.time < $3
            GROUP BY 1, 2
            ORDER BY 1, 2
            """);
        AddRange(command, vehicleId, from, to, bucket);
        var rows = new List<(double At, string Link, string? Operator, double? Rate, double? Rtt, double? Loss, double? Signal, double? Weight)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetDouble(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    Nullable(reader, 3), Nullable(reader, 4), Nullable(reader, 5), Nullable(reader, 6), Nullable(reader, 7)));
            }
        }
        return Align(rows, bucket);
    }

    /// <summary>The newest sample of every link seen in the last day: the last element of the link's newest
    /// series row (rows are time-ordered).</summary>
    public async Task<IReadOnlyList<CurrentLink>> GetCurrentLinksAsync(Guid vehicleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT DISTINCT ON (link_name) link_name, operator_name, iccid, end_at, state[n], rate_kbps[n], rtt_ms[n],
                   loss_permille[n], weight_permille[n], rsrp_dbm[n], rssi_dbm[n], access_tech[n]
            FROM (SELECT *, cardinality(times) AS n FROM link_series
                  WHERE vehicle_id = $1 AND start_at >= {FirstSeriesStart("$2")} AND end_at >= $2) s
            ORDER BY link_name, end_at DESC, series_no DESC
            """);
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = now - TimeSpan.FromDays(1), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var links = new List<CurrentLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new CurrentLink(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), NullableShort(reader, 4), NullableInt(reader, 5), NullableInt(reader, 6),
                NullableInt(reader, 7), NullableInt(reader, 8), NullableShort(reader, 9), NullableShort(reader, 10), NullableShort(reader, 11)));
        }
        return links;
    }

    /// <summary>Rows sorted by (time, link) become one time axis and one value array per link and metric.</summary>
    public static LinkSeries Align(
        IReadOnlyList<(double At, string Link, string? Operator, double? Rate, double? Rtt, double? Loss, double? Signal, double? Weight)> rows,
        int bucketSeconds)
    {
        var times = rows.Select(r => r.At).Distinct().Order().ToArray();
        var index = new Dictionary<double, int>(times.Length);
        for (var i = 0; i < times.Length; i++)
            index[times[i]] = i;
        var links = rows.Select(r => r.Link).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var series = links.Select(link => new LinkMetricSeries(
            link, rows.LastOrDefault(r => r.Link == link && r.Operator is not null).Operator,
            new double?[times.Length], new double?[times.Length], new double?[times.Length],
            new double?[times.Length], new double?[times.Length])).ToList();
        var byLink = series.ToDictionary(s => s.Link, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var s = byLink[row.Link];
            var i = index[row.At];
            s.ThroughputMbps[i] = row.Rate / 1000;
            s.RttMs[i] = row.Rtt;
            s.LossPercent[i] = row.Loss / 10;
            s.SignalDbm[i] = row.Signal;
            s.WeightPercent[i] = row.Weight / 10;
        }
        return new LinkSeries(times, series, bucketSeconds);
    }

    /// <summary>Series rows never cross UTC midnight, so one that reaches <paramref name="from"/> starts no
    /// earlier than that UTC day: a bound on start_at (the partition and index key) for a range read.</summary>
    private static string FirstSeriesStart(string from) => $"(date_trunc('day', {from} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";

    private static void AddRange(NpgsqlCommand command, Guid vehicleId, DateTimeOffset from, DateTimeOffset to, int bucketSeconds)
    {
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = TimeSpan.FromSeconds(bucketSeconds), NpgsqlDbType = NpgsqlDbType.Interval });
    }

    private static double? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static int? NullableInt(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    private static short? NullableShort(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt16(ordinal);
}
