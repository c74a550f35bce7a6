using System.Globalization;

namespace Fleet.Central.Coverage;

/// <summary>One carrier's link quality in one grid cell.</summary>
public sealed record CoverageCellView(
    string CellId,
    string Carrier,
    double CenterLat,
    double CenterLon,
    double CellSizeM,
    int Samples,
    int? ThroughputP10Kbps,
    int? ThroughputP50Kbps,
    int? RttP50Ms,
    int? RttP90Ms,
    int? RsrpP50Dbm,
    double OutageFraction,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Stable key: grid size and the EPSG:3857 cell indices ("400:1198:8375").</summary>
    public static string FormatCellId(double cellSizeM, long x, long y) =>
        string.Create(CultureInfo.InvariantCulture, $"{cellSizeM:0.##}:{x}:{y}");
}

/// <summary>A latitude/longitude rectangle (no antimeridian crossing).</summary>
public sealed record GeoBox(double MinLat, double MinLon, double MaxLat, double MaxLon);

public sealed record RoutePoint(double Lat, double Lon);

/// <summary>Cells answering a query; Truncated when the result hit Coverage:MaxCellsPerQuery.</summary>
public sealed record CoverageCells(double CellSizeM, IReadOnlyList<CoverageCellView> Cells, bool Truncated);
