using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Coverage;

/// <summary>Section "Coverage".</summary>
public sealed class CoverageOptions
{
    public const string Section = "Coverage";

    /// <summary>Grid cell edge in EPSG:3857 metres. Web Mercator stretches by 1/cos(latitude), so 400
    /// projected metres are about 200 m on the ground in southern Norway and 300 m in central Europe.</summary>
    [Range(25, 5_000)]
    public double CellSizeM { get; set; } = 400;

    /// <summary>How often new batches are folded into the grid.</summary>
    [Range(1, 86_400)]
    public int AggregationIntervalSeconds { get; set; } = 60;

    /// <summary>Batches per aggregation transaction (the job loops until it has caught up). A run's cost is
    /// what its batches hold (600 fixes and 2,400 link samples each, and the cells they touch), never a cell's
    /// history, so a run of 25 commits in a fraction of a second and a failed one loses little.</summary>
    [Range(1, 10_000)]
    public int MaxBatchesPerRun { get; set; } = 25;

    [Range(1, 2_000)]
    public double DefaultCorridorM { get; set; } = 300;

    [Range(1, 2_000)]
    public double MaxCorridorM { get; set; } = 2_000;

    [Range(1, 10_000)]
    public int MaxRoutePoints { get; set; } = 500;

    /// <summary>Most cells one query returns (a bbox over a whole country is cut off, and says so).</summary>
    [Range(1, 1_000_000)]
    public int MaxCellsPerQuery { get; set; } = 20_000;
}
