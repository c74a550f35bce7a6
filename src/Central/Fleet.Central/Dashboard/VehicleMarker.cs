namespace Fleet.Central.Dashboard;

/// <summary>One vehicle on the live map (serialised camelCase to the Leaflet module).</summary>
public sealed record VehicleMarker(
    Guid Id, string Name, double Latitude, double Longitude, DateTimeOffset At, float? SpeedMps, float? CourseDeg,
    VehicleStatus Status, int LinksUp, int LinksTotal);

/// <summary>The fleet as the live map shows it; the revision grows whenever a marker changes.</summary>
public sealed record FleetSnapshot(long Revision, IReadOnlyList<VehicleMarker> Vehicles, int VehiclesWithoutPosition)
{
    public static readonly FleetSnapshot Empty = new(0, [], 0);

    /// <summary>The vehicles whose name contains <paramref name="search"/> (any case); all when it is blank.</summary>
    public IReadOnlyList<VehicleMarker> Matching(string? search) =>
        string.IsNullOrWhiteSpace(search)
            ? Vehicles
            : Vehicles.Where(v => v.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
}
