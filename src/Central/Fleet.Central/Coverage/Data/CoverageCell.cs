namespace Fleet.Central.Coverage.Data;

/// <summary>Link quality of one carrier in one grid cell (EPSG:3857 square of <see cref="CellSizeM"/>
/// projected metres): sample and outage counts, fixed-bin histograms (<see cref="CellHistogram"/>) and the
/// percentiles read from them, updated whenever new samples fall in the cell. One grid per cell size. The
/// table also holds a geography centre point (not mapped here: queries that need it are SQL).</summary>
public sealed class CoverageCell
{
    public required string Carrier { get; set; }
    public long CellX { get; set; }
    public long CellY { get; set; }
    public double CellSizeM { get; set; }
    public double CenterLat { get; set; }
    public double CenterLon { get; set; }
    public long Samples { get; set; }
    public long Outages { get; set; }
    public int? ThroughputP10Kbps { get; set; }
    public int? ThroughputP50Kbps { get; set; }
    public int? RttP50Ms { get; set; }
    public int? RttP90Ms { get; set; }
    public int? RsrpP50Dbm { get; set; }
    public double OutageFraction { get; set; }
    /// <summary>Each histogram stored sparse (<see cref="SparseBins"/>): non-empty bin indices and their counts.</summary>
    public required short[] ThroughputBins { get; set; }
    public required long[] ThroughputCounts { get; set; }
    public required short[] RttBins { get; set; }
    public required long[] RttCounts { get; set; }
    public required short[] RsrpBins { get; set; }
    public required long[] RsrpCounts { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
