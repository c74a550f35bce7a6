using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Assignments;

/// <summary>Section "Assignments".</summary>
public sealed class AssignmentOptions
{
    public const string Section = "Assignments";

    /// <summary>Re-check every assignment at least this often, even without a change signal.</summary>
    [Range(1, 3_600)]
    public int ReconcileIntervalSeconds { get; set; } = 10;

    /// <summary>Named areas; a vehicle inside one prefers servers registered with that region name.</summary>
    public List<RegionArea> Regions { get; set; } = [];

    public TimeSpan ReconcileInterval => TimeSpan.FromSeconds(ReconcileIntervalSeconds);
}

/// <summary>A latitude/longitude box standing for an aggregation region (e.g. "eu-north").</summary>
public sealed class RegionArea
{
    [Required]
    public string Name { get; set; } = "";

    [Range(-90, 90)] public double South { get; set; }
    [Range(-90, 90)] public double North { get; set; }
    [Range(-180, 180)] public double West { get; set; }
    [Range(-180, 180)] public double East { get; set; }

    public bool Contains(double latitude, double longitude) =>
        latitude >= South && latitude <= North && longitude >= West && longitude <= East;
}
