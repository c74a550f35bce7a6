using Fleet.Central.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Coverage;

/// <summary>Reads the grid of the configured cell size only (coverage_cells keeps one grid per size ever
/// configured; see <see cref="CoverageAggregator"/>).</summary>
public sealed class CoverageQuery(NpgsqlDataSource dataSource, IOptions<CoverageOptions> options) : ICoverageQuery
{
    // samples is a bigint (a depot cell passes 2^31 within a year); the views and the agent contract carry an int.
    private const string Columns =
        "carrier, cell_x, cell_y, cell_size_m, center_lat, center_lon, least(samples, 2147483647)::int, throughput_p10_kbps, throughput_p50_kbps, " +
        "rtt_p50_ms, rtt_p90_ms, rsrp_p50_dbm, outage_fraction, updated_at";

    public async Task<Outcome<CoverageCells>> GetCellsInBoxAsync(GeoBox box, string? carrier, CancellationToken cancellationToken)
    {
        if (!ValidLat(box.MinLat) || !ValidLat(box.MaxLat) || !ValidLon(box.MinLon) || !ValidLon(box.MaxLon))
            return Failure.Invalid("Bounding box coordinates must be latitudes in [-90, 90] and longitudes in [-180, 180].");
        if (box.MinLat > box.MaxLat || box.MinLon > box.MaxLon)
            return Failure.Invalid("Bounding box minimum must not exceed its maximum.");
        if (carrier is { Length: > 100 })
            return Failure.Invalid("carrier must be at most 100 characters.");
        var max = options.Value.MaxCellsPerQuery;
        // The geography && prefilter uses the gist index; the lat/lon test makes the edge exact. A box 180 or
        // more degrees wide has no geography form (PostGIS refuses antipodal edges), and prefilters nothing
        // worth an index anyway: the lat/lon test alone answers it.
        var prefilter = box.MaxLon - box.MinLon < 180 ? "center && ST_MakeEnvelope($2, $1, $4, $3, 4326)::geography AND" : "";
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {Columns} FROM coverage_cells
            WHERE {prefilter}
              center_lat BETWEEN $1 AND $3 AND center_lon BETWEEN $2 AND $4
              AND ($5::text IS NULL OR carrier = $5)
              AND cell_size_m = $7
            ORDER BY carrier, cell_x, cell_y
            LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = box.MinLat, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = box.MinLon, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = box.MaxLat, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = box.MaxLon, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)carrier ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = max + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.CellSizeM, NpgsqlDbType = NpgsqlDbType.Double });
        return await ReadAsync(command, max, cancellationToken);
    }

    public async Task<Outcome<CoverageCells>> GetRouteCoverageAsync(IReadOnlyList<RoutePoint> route, double corridorM, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (route.Count == 0)
            return Failure.Invalid("route needs at least one point.");
        if (route.Count > o.MaxRoutePoints)
            return Failure.Invalid($"route has {route.Count} points; at most {o.MaxRoutePoints} are allowed.");
        for (var i = 0; i < route.Count; i++)
        {
            if (!ValidLat(route[i].Lat) || !ValidLon(route[i].Lon))
                return Failure.Invalid($"route point {i} ({route[i].Lat}, {route[i].Lon}) is not a valid latitude/longitude.");
        }
        if (!double.IsFinite(corridorM) || corridorM < 0)
            return Failure.Invalid("corridor_m must be a non-negative number of metres.");
        if (corridorM > o.MaxCorridorM)
            return Failure.Invalid($"corridor_m {corridorM} exceeds the maximum of {o.MaxCorridorM} m.");
        var corridor = corridorM == 0 ? o.DefaultCorridorM : corridorM;

        await using var command = dataSource.CreateCommand(
            $"""
            WITH pts AS (
                SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g, n
                FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lon, lat, n)),
            route AS (
                SELECT (CASE WHEN count(*) = 1 THEN ST_Collect(g) ELSE ST_MakeLine(g ORDER BY n) END)::geography AS r FROM pts)
            SELECT {Columns} FROM coverage_cells, route
            WHERE ST_DWithin(center, route.r, $3) AND cell_size_m = $5
            ORDER BY carrier, cell_x, cell_y
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = route.Select(p => p.Lon).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = route.Select(p => p.Lat).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = corridor, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = o.MaxCellsPerQuery + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = o.CellSizeM, NpgsqlDbType = NpgsqlDbType.Double });
        return await ReadAsync(command, o.MaxCellsPerQuery, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListCarriersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT carrier FROM coverage_cells WHERE cell_size_m = $1 ORDER BY carrier");
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.CellSizeM, NpgsqlDbType = NpgsqlDbType.Double });
        var carriers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            carriers.Add(reader.GetString(0));
        return carriers;
    }

    private async Task<Outcome<CoverageCells>> ReadAsync(NpgsqlCommand command, int max, CancellationToken cancellationToken)
    {
        var cells = new List<CoverageCellView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var size = reader.GetDouble(3);
            cells.Add(new CoverageCellView(
                CoverageCellView.FormatCellId(size, reader.GetInt64(1), reader.GetInt64(2)),
                reader.GetString(0),
                reader.GetDouble(4),
                reader.GetDouble(5),
                size,
                reader.GetInt32(6),
                NullableInt(reader, 7),
                NullableInt(reader, 8),
                NullableInt(reader, 9),
                NullableInt(reader, 10),
                NullableInt(reader, 11),
                reader.GetDouble(12),
                reader.GetFieldValue<DateTimeOffset>(13)));
        }
        var truncated = cells.Count > max;
        if (truncated)
            cells.RemoveAt(cells.Count - 1);
        return new CoverageCells(options.Value.CellSizeM, cells, truncated);
    }

    private static int? NullableInt(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    private static bool ValidLat(double lat) => double.IsFinite(lat) && lat is >= -90 and <= 90;

    private static bool ValidLon(double lon) => double.IsFinite(lon) && lon is >= -180 and <= 180;
}
