using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Assignments;

internal sealed class AssignmentRecordConfiguration : IEntityTypeConfiguration<AssignmentRecord>
{
    public void Configure(EntityTypeBuilder<AssignmentRecord> builder)
    {
        builder.ToTable("vehicle_assignments");
        // vehicle_id: the Citus distribution key, co-located with vehicles (docs/scale-out.md).
        builder.HasKey(a => a.VehicleId).HasName("pk_vehicle_assignments");
        builder.Property(a => a.VehicleId).ValueGeneratedNever();
        builder.Property(a => a.Region).HasMaxLength(100);
        builder.HasIndex(a => a.PrimaryServerId);
        builder.HasIndex(a => a.BackupServerId);
        builder.HasOne<Vehicle>().WithOne().HasForeignKey<AssignmentRecord>(a => a.VehicleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AggregationServer>().WithMany().HasForeignKey(a => a.PrimaryServerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AggregationServer>().WithMany().HasForeignKey(a => a.BackupServerId).OnDelete(DeleteBehavior.SetNull);
    }
}
