using Fleet.Central.Data.Spatial;

namespace Fleet.Central.Storage;

/// <summary>One point per vehicle and 30-second bucket, kept after the raw positions of its day expired.</summary>
public sealed class DownsampledPosition
{
    public Guid VehicleId { get; set; }
    public DateTimeOffset BucketAt { get; set; }
    public DateTimeOffset Time { get; set; }
    public GeoPoint Location { get; set; }
    public float? SpeedMps { get; set; }
    public float? CourseDeg { get; set; }
    public int SampleCount { get; set; }
}
