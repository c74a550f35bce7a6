using Fleet.Central.Common;

namespace Fleet.Central.Coverage;

/// <summary>Reads the coverage grid: for the dashboard map and REST v1 ("coverage:read") by bounding box,
/// and for agents (gRPC GetRouteCoverage) along the route ahead.</summary>
public interface ICoverageQuery
{
    /// <summary>Cells whose centre lies in <paramref name="box"/>; one carrier or all (null).</summary>
    Task<Outcome<CoverageCells>> GetCellsInBoxAsync(GeoBox box, string? carrier, CancellationToken cancellationToken);

    /// <summary>Cells whose centre lies within <paramref name="corridorM"/> metres of the polyline through
    /// <paramref name="route"/> (every carrier). corridorM 0 = Coverage:DefaultCorridorM.</summary>
    Task<Outcome<CoverageCells>> GetRouteCoverageAsync(IReadOnlyList<RoutePoint> route, double corridorM, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListCarriersAsync(CancellationToken cancellationToken);
}
