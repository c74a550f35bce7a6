using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Dashboard;

/// <summary>Section "Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Leaflet tile URL template (e.g. https://tile.example/{z}/{x}/{y}.png). Empty: no tile layer,
    /// a plain background (machines without internet access).</summary>
    public string TileUrl { get; set; } = "";

    public string TileAttribution { get; set; } = "";

    /// <summary>How often the live map re-reads vehicle positions and pushes changes to open dashboards.</summary>
    [Range(200, 60_000)]
    public int RefreshIntervalMs { get; set; } = 2_000;

    /// <summary>Above this many vehicles the map clusters nearby markers; at or below it every vehicle is its
    /// own marker element (class fleet-vehicle-marker).</summary>
    [Range(0, 1_000_000)]
    public int ClusterThreshold { get; set; } = 200;

    /// <summary>Where the map looks before any vehicle has reported.</summary>
    [Range(-90, 90)]
    public double InitialLatitude { get; set; } = 55;

    [Range(-180, 180)]
    public double InitialLongitude { get; set; } = 10;

    [Range(1, 19)]
    public int InitialZoom { get; set; } = 4;

    /// <summary>A vehicle without a position for longer than this is shown offline.</summary>
    [Range(5, 86_400)]
    public int OfflineAfterSeconds { get; set; } = 120;

    /// <summary>A reporting vehicle with fewer links up than this (in its latest link samples) is degraded.</summary>
    [Range(1, 16)]
    public int MinLinksUp { get; set; } = 2;

    /// <summary>Longest time range the vehicle page loads at once.</summary>
    [Range(1, 24 * 31)]
    public int MaxRangeHours { get; set; } = 7 * 24;
}
