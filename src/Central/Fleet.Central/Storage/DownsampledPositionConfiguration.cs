using Fleet.Central.Data.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Storage;

internal sealed class DownsampledPositionConfiguration : IEntityTypeConfiguration<DownsampledPosition>
{
    public void Configure(EntityTypeBuilder<DownsampledPosition> builder)
    {
        builder.ToTable("positions_downsampled");
        // vehicle_id first: the Citus distribution key (docs/scale-out.md); the bucket makes re-runs idempotent.
        builder.HasKey(p => new { p.VehicleId, p.BucketAt }).HasName("pk_positions_downsampled");
        builder.Property(p => p.Location)
            .HasColumnName("geom")
            .HasColumnType("geometry(Point,4326)")
            .HasConversion<GeoPointConverter>();
    }
}
