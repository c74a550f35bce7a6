using Fleet.Central.Common;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Storage;

/// <summary>A vehicle's track over a time range: raw fixes where they are still kept, downsampled points
/// for days retention already expired. Both reads are router queries on (vehicle_id, time) keys: they
/// touch one vehicle's rows in the partitions of the range only.</summary>
public sealed class TrackQuery(NpgsqlDataSource dataSource, RetentionService retention, TimeProvider time)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    public async Task<Outcome<IReadOnlyList<TrackPoint>>> GetTrackAsync(
        Guid vehicleId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
            return Failure.Invalid("'to' must be after 'from'");
        if (to - from > MaxRange)
            return Failure.Invalid($"a track covers at most {MaxRange.TotalDays} days");
        var rawFrom = new DateTimeOffset(retention.FirstKeptDay(time.GetUtcNow()).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        await using var command = dataSource.CreateCommand(
            """
            SELECT time, ST_Y(geom), ST_X(geom), speed_mps, course_deg, false
            FROM positions WHERE vehicle_id = $1 AND time >= $2 AND time < $3
            UNION ALL
            SELECT time, ST_Y(geom), ST_X(geom), speed_mps, course_deg, true
            FROM positions_downsampled WHERE vehicle_id = $1 AND bucket_at >= $2 AND bucket_at < least($3, $4)
            ORDER BY 1
            """);
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = rawFrom, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var points = new List<TrackPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new TrackPoint(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetDouble(1), reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetFloat(3),
                reader.IsDBNull(4) ? null : reader.GetFloat(4),
                reader.GetBoolean(5)));
        }
        return points;
    }
}
