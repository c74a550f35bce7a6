using System.Text.Json;
using Fleet.Central.Tenancy;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Tracks;

/// <summary>Positions, track lines and trips of one vehicle over a time range. Every method takes an
/// <see cref="OwnedVehicle"/>, so the tenant check has happened before any row is read. All reads are
/// range scans on (vehicle_id, time[, id]).</summary>
public sealed class TrackQueries(NpgsqlDataSource dataSource, IOptions<TracksOptions> options)
{
    public async Task<PositionPage> GetPositionsAsync(
        OwnedVehicle vehicle, TimeRange range, PositionCursor? after, int limit, CancellationToken cancellationToken)
    {
        // (time, id) > (cursor) is a row comparison PostgreSQL answers from the (vehicle_id, time, id) key.
        var afterClause = after is null ? "" : "AND (time, id) > ($4, $5)";
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT id, time, ST_Y(geom), ST_X(geom), altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop
            FROM positions
            WHERE vehicle_id = $1 AND time >= $2 AND time < $3 {afterClause}
            ORDER BY time, id
            LIMIT {limit + 1}
            """);
        AddVehicleAndRange(command, vehicle, range);
        if (after is { } cursor)
        {
            command.Parameters.Add(new() { Value = cursor.Time, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new() { Value = cursor.Id, NpgsqlDbType = NpgsqlDbType.Bigint });
        }
        var rows = new List<PositionRow>(Math.Min(limit + 1, 4096));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PositionRow(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetDouble(3),
                NullableFloat(reader, 4), NullableFloat(reader, 5), NullableFloat(reader, 6), reader.GetInt16(7),
                reader.IsDBNull(8) ? null : reader.GetInt16(8), NullableFloat(reader, 9)));
        }
        if (rows.Count <= limit)
            return new PositionPage(rows, null);
        rows.RemoveAt(rows.Count - 1);
        return new PositionPage(rows, new PositionCursor(rows[^1].Time, rows[^1].Id));
    }

    /// <summary>The track as one line, built and simplified in SQL over a bounded row set. Ranges longer than
    /// <see cref="TracksOptions.MaxLineFixes"/> seconds are cut into that many equal time slices and only the
    /// first fix of each slice (and the last fix of the range) is read: one short index probe per slice on the
    /// (vehicle_id, time, id) key, so a day at 1 Hz (86,400 fixes) costs MaxLineFixes probes, not a read of
    /// the whole day. The fixes are counted from the same key (an index-only scan where VACUUM has marked the
    /// pages all-visible). Past <see cref="TracksOptions.MaxTrackPoints"/> fixes PostGIS simplifies the line
    /// with a tolerance of (line length / MaxTrackPoints) degrees: about one vertex per that stretch of a
    /// straight road, more where it bends, so long ranges stay near the point budget and short ones exact. The
    /// distance is measured along the line before simplification (after thinning: chords of at most a slice).</summary>
    public async Task<TrackLine> GetTrackAsync(OwnedVehicle vehicle, TimeRange range, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sliceSeconds = range.Span.TotalSeconds / settings.MaxLineFixes;
        // 1 Hz fixes: below one slice per second there is nothing to thin, so every fix is read.
        var fixes = sliceSeconds > 1
            ? """
              SELECT DISTINCT ON (time, id) time, id, geom FROM (
                  SELECT f.time, f.id, f.geom
                  FROM generate_series(0, $6 - 1) AS k
                  CROSS JOIN LATERAL (
                      SELECT time, id, geom FROM positions
                      WHERE vehicle_id = $1 AND time >= $2 + make_interval(secs => k * $5)
                        AND time < least($2 + make_interval(secs => (k + 1) * $5), $3)
                      ORDER BY time, id
                      LIMIT 1) f
                  UNION ALL
                  (SELECT time, id, geom FROM positions
                   WHERE vehicle_id = $1 AND time >= $2 AND time < $3
                   ORDER BY time DESC, id DESC
                   LIMIT 1)) picked
              ORDER BY time, id
              """
            : """
              SELECT time, id, geom FROM positions
              WHERE vehicle_id = $1 AND time >= $2 AND time < $3
              """;
        await using var command = dataSource.CreateCommand(
            $"""
            WITH fixes AS ({fixes}
            ), line AS (
                SELECT (SELECT count(*) FROM positions WHERE vehicle_id = $1 AND time >= $2 AND time < $3)::int AS n,
                       min(time) AS first_at, max(time) AS last_at, ST_MakeLine(geom ORDER BY time, id) AS geom
                FROM fixes
            ), line_shown AS (
                SELECT n, first_at, last_at, geom, n > $4 AS simplified,
                       CASE WHEN n > $4 THEN ST_SimplifyPreserveTopology(geom, greatest(ST_Length(geom) / $4, 1e-7))
                            ELSE geom END AS shown
                FROM line
            )
            SELECT n, first_at, last_at, simplified,
                   CASE WHEN n >= 2 THEN ST_NPoints(shown) ELSE 0 END,
                   CASE WHEN n >= 2 THEN ST_Length(geom::geography) ELSE 0 END,
                   CASE WHEN n >= 2 THEN ST_AsGeoJSON(shown, 7) END
            FROM line_shown
            """);
        AddVehicleAndRange(command, vehicle, range);
        command.Parameters.Add(new() { Value = settings.MaxTrackPoints, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = Math.Max(sliceSeconds, 1), NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new() { Value = settings.MaxLineFixes, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt32(0);
        JsonElement? geometry = reader.IsDBNull(6) ? null : JsonDocument.Parse(reader.GetString(6)).RootElement.Clone();
        return new TrackLine(
            count, reader.GetInt32(4), count >= 2 && reader.GetBoolean(3),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetDouble(5), geometry);
    }

    /// <summary>Stops and trips detected from the fixes; trip distances by PostGIS on the geography (metres
    /// along the recorded line, not straight start-to-end).</summary>
    public async Task<TripsAndStops> GetTripsAsync(OwnedVehicle vehicle, TimeRange range, CancellationToken cancellationToken)
    {
        var fixes = await GetFixesAsync(vehicle, range, cancellationToken);
        var settings = options.Value;
        var stopSpans = StopDetector.FindStops(fixes, settings.StopRadiusMeters, TimeSpan.FromSeconds(settings.StopMinDurationSeconds));
        var tripSpans = StopDetector.TripsBetween(fixes.Count, stopSpans);
        var distances = await GetDistancesAsync(vehicle, tripSpans.Select(t => (fixes[t.First].Time, fixes[t.Last].Time)).ToList(), cancellationToken);

        var stops = stopSpans.Select(s =>
        {
            var (lat, lon) = Centroid(fixes, s);
            return new StopView(fixes[s.First].Time, fixes[s.Last].Time, (fixes[s.Last].Time - fixes[s.First].Time).TotalSeconds, lat, lon, s.Count);
        }).ToList();
        var trips = tripSpans.Select((t, i) => new TripView(
            fixes[t.First].Time, fixes[t.Last].Time, (fixes[t.Last].Time - fixes[t.First].Time).TotalSeconds, distances[i], t.Count,
            fixes[t.First].Latitude, fixes[t.First].Longitude, fixes[t.Last].Latitude, fixes[t.Last].Longitude)).ToList();
        return new TripsAndStops(trips, stops);
    }

    private async Task<List<TrackFix>> GetFixesAsync(OwnedVehicle vehicle, TimeRange range, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT time, ST_Y(geom), ST_X(geom) FROM positions
            WHERE vehicle_id = $1 AND time >= $2 AND time < $3
            ORDER BY time, id
            """);
        AddVehicleAndRange(command, vehicle, range);
        var fixes = new List<TrackFix>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            fixes.Add(new TrackFix(reader.GetFieldValue<DateTimeOffset>(0), reader.GetDouble(1), reader.GetDouble(2)));
        return fixes;
    }

    private async Task<double[]> GetDistancesAsync(
        OwnedVehicle vehicle, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> spans, CancellationToken cancellationToken)
    {
        var distances = new double[spans.Count];
        if (spans.Count == 0)
            return distances;
        await using var command = dataSource.CreateCommand(
            """
            SELECT t.ord::int, ST_Length(ST_MakeLine(p.geom ORDER BY p.time, p.id)::geography)
            FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS t(s, e, ord)
            JOIN positions p ON p.vehicle_id = $1 AND p.time >= t.s AND p.time <= t.e
            GROUP BY t.ord
            """);
        command.Parameters.Add(new() { Value = vehicle.Id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = spans.Select(s => s.Start).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = spans.Select(s => s.End).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            distances[reader.GetInt32(0) - 1] = reader.IsDBNull(1) ? 0 : reader.GetDouble(1);
        return distances;
    }

    private static (double Latitude, double Longitude) Centroid(IReadOnlyList<TrackFix> fixes, FixSpan span)
    {
        double lat = 0, lon = 0;
        for (var i = span.First; i <= span.Last; i++)
        {
            lat += fixes[i].Latitude;
            lon += fixes[i].Longitude;
        }
        return (lat / span.Count, lon / span.Count);
    }

    private static void AddVehicleAndRange(NpgsqlCommand command, OwnedVehicle vehicle, TimeRange range)
    {
        command.Parameters.Add(new() { Value = vehicle.Id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = range.From, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = range.To, NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static float? NullableFloat(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFloat(ordinal);
}
