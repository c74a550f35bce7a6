namespace Fleet.Agent.Coverage;

/// <summary>One carrier's measured quality in one grid cell, as central's GetRouteCoverage returns it.</summary>
public sealed record RouteCell(
    string CellId,
    string Carrier,
    double CenterLat,
    double CenterLon,
    uint Samples,
    uint ThroughputP10Kbps,
    uint ThroughputP50Kbps,
    double OutageFraction);

/// <summary>Cells along a requested route; CellSizeM is the grid edge in EPSG:3857 metres.</summary>
public sealed record RouteCoverage(double CellSizeM, IReadOnlyList<RouteCell> Cells);

/// <summary>What the provider currently expects of a carrier over the look-ahead.</summary>
/// <param name="Multiplier">Weight multiplier for the next LookaheadSeconds (1 = no penalty).</param>
/// <param name="SecondsToDeadSpot">When the projected path enters the first dead cell (null: none ahead).</param>
public sealed record CarrierOutlook(string Carrier, double Multiplier, bool DeadSpotAhead, double? SecondsToDeadSpot, string? CellId)
{
    public static CarrierOutlook Clear(string carrier) => new(carrier, 1.0, false, null, null);
}
