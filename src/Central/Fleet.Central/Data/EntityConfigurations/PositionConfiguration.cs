using Fleet.Central.Data.Entities;
using Fleet.Central.Data.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> builder)
    {
        builder.ToTable("positions");
        // Partitioned by day on time and distributed by vehicle_id (Citus): the key must hold both.
        builder.HasKey(p => new { p.VehicleId, p.Time, p.Id }).HasName("pk_positions");
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        builder.Property(p => p.Location)
            .HasColumnName("geom")
            .HasColumnType("geometry(Point,4326)")
            .HasConversion<GeoPointConverter>();
        // The key (vehicle_id, time, id) serves every (vehicle, time range) read; the only other index is the
        // spatial one (migration 20261121130000_IngestIndexes dropped a duplicate of the key's prefix).
        builder.HasIndex(p => p.Location).HasMethod("gist");
    }
}
