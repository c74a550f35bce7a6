using Fleet.Central.Data.Spatial;

namespace Fleet.Central.Data.Entities;

/// <summary>One GPS fix. Written by binary COPY during ingest; the geometry column is PostGIS Point/4326.</summary>
public sealed class Position
{
    public long Id { get; set; }
    public Guid VehicleId { get; set; }
    public Guid BatchId { get; set; }
    public DateTimeOffset Time { get; set; }
    public GeoPoint Location { get; set; }
    public float? AltitudeM { get; set; }
    public float? SpeedMps { get; set; }
    public float? CourseDeg { get; set; }
    public short FixMode { get; set; }
    public short? Satellites { get; set; }
    public float? Hdop { get; set; }
}
