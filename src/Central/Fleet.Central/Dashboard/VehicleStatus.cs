using System.Text.Json.Serialization;

namespace Fleet.Central.Dashboard;

/// <summary>How a vehicle is doing, as the map colours it (serialised as its name for the Leaflet module).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VehicleStatus>))]
public enum VehicleStatus
{
    /// <summary>Reporting, with at least <see cref="DashboardOptions.MinLinksUp"/> links up.</summary>
    Bonded,

    /// <summary>Reporting, but fewer links up than bonding needs (or no link samples at all).</summary>
    Degraded,

    /// <summary>No position for longer than <see cref="DashboardOptions.OfflineAfterSeconds"/>.</summary>
    Offline,
}

/// <summary>The latest link samples of a vehicle: how many of its links were up in the newest report.</summary>
public readonly record struct LinkCounts(int Up, int Total);

public static class VehicleStatusRules
{
    /// <summary>Offline wins over everything (old link samples say nothing about now); otherwise bonded needs
    /// enough links up in the latest samples. No link samples at all cannot prove bonding: degraded.</summary>
    public static VehicleStatus Classify(
        DateTimeOffset now, DateTimeOffset lastPositionAt, LinkCounts? links, TimeSpan offlineAfter, int minLinksUp)
    {
        if (now - lastPositionAt > offlineAfter)
            return VehicleStatus.Offline;
        return links is { } counts && counts.Up >= minLinksUp ? VehicleStatus.Bonded : VehicleStatus.Degraded;
    }
}
