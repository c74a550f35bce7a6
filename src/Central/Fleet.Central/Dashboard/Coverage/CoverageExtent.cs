using Fleet.Central.Coverage;
using Npgsql;

namespace Fleet.Central.Dashboard.Coverage;

/// <summary>Where anything was measured: the box around every coverage cell's centre, so the coverage map can open
/// framed on the grid instead of asking for the whole world (null when the grid is empty).</summary>
public sealed class CoverageExtent(NpgsqlDataSource dataSource)
{
    public async Task<GeoBox?> GetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT min(center_lat), min(center_lon), max(center_lat), max(center_lon) FROM coverage_cells");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
            return null;
        return new GeoBox(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    /// <summary>Splits <paramref name="box"/> into pieces at most <paramref name="maxLonSpan"/> degrees of longitude
    /// wide: a geography envelope spanning half the globe or more is not the rectangle it looks like.</summary>
    public static IEnumerable<GeoBox> Split(GeoBox box, double maxLonSpan = 90)
    {
        var west = box.MinLon;
        do
        {
            var east = Math.Min(box.MaxLon, west + maxLonSpan);
            yield return box with { MinLon = west, MaxLon = east };
            west = east;
        }
        while (west < box.MaxLon);
    }
}
