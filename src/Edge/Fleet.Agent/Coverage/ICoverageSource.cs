namespace Fleet.Agent.Coverage;

/// <summary>Where coverage cells come from: central over gRPC in the daemon, a list in unit tests.</summary>
public interface ICoverageSource
{
    /// <summary>Cells within <paramref name="corridorM"/> of the polyline through <paramref name="route"/>
    /// (lat, lon pairs), every carrier.</summary>
    Task<RouteCoverage> GetRouteCoverageAsync(IReadOnlyList<(double Lat, double Lon)> route, double corridorM, CancellationToken cancellationToken);
}
