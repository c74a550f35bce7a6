namespace Fleet.Central.Coverage.Data;

/// <summary>Link quality of one carrier in one grid cell (EPSG:3857 square of <see cref="CellSizeM"/>
/// projected metres), recomputed from the cell's observations whenever new ones arrive. The table also
/// holds a geography centre point (not mapped here: queries that need it are SQL).</summary>
public sealed class CoverageCell
{
    public required string Carrier { get; set; }
    public long CellX { get; set; }
    public long CellY { get; set; }
    public double CellSizeM { get; set; }
    public double CenterLat { get; set; }
    public double CenterLon { get; set; }
    public int Samples { get; set; }
    public int? ThroughputP10Kbps { get; set; }
    public int? ThroughputP50Kbps { get; set; }
    public int? RttP50Ms { get; set; }
    public int? RttP90Ms { get; set; }
    public int? RsrpP50Dbm { get; set; }
    public double OutageFraction { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
