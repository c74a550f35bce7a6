using Fleet.Agent.Sync;
using Fleet.Contracts.Agents;

namespace Fleet.Agent.Coverage;

/// <summary>AgentGateway.GetRouteCoverage with the device's credentials.</summary>
public sealed class GrpcCoverageSource(CentralConnection central, TimeProvider clock) : ICoverageSource
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public async Task<RouteCoverage> GetRouteCoverageAsync(IReadOnlyList<(double Lat, double Lon)> route, double corridorM, CancellationToken cancellationToken)
    {
        var request = new RouteCoverageRequest { CorridorM = corridorM };
        foreach (var (lat, lon) in route)
            request.Route.Add(new RoutePoint { Lat = lat, Lon = lon });
        var response = await central.Client.GetRouteCoverageAsync(request, central.Options(clock, Deadline, cancellationToken));
        return new RouteCoverage(response.CellSizeM, response.Cells
            .Select(c => new RouteCell(c.CellId, c.Carrier, c.CenterLat, c.CenterLon, c.Samples, c.ThroughputP10Kbps, c.ThroughputP50Kbps, c.OutageFraction))
            .ToList());
    }
}
