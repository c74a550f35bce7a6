using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class HealthSampleConfiguration : IEntityTypeConfiguration<HealthSample>
{
    public void Configure(EntityTypeBuilder<HealthSample> builder)
    {
        builder.ToTable("health_samples");
        // Partitioned by day on time and distributed by vehicle_id (Citus): the key must hold both.
        builder.HasKey(s => new { s.VehicleId, s.Time, s.Id }).HasName("pk_health_samples");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
    }
}
