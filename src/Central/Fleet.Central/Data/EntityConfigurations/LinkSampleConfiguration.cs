using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class LinkSampleConfiguration : IEntityTypeConfiguration<LinkSample>
{
    public void Configure(EntityTypeBuilder<LinkSample> builder)
    {
        builder.ToTable("link_samples");
        // Partitioned by day on time and distributed by vehicle_id (Citus): the key must hold both.
        builder.HasKey(s => new { s.VehicleId, s.Time, s.Id }).HasName("pk_link_samples");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.Property(s => s.LinkName).HasMaxLength(64);
        builder.Property(s => s.Iccid).HasMaxLength(32);
        builder.Property(s => s.OperatorName).HasMaxLength(100);
        builder.Property(s => s.MccMnc).HasMaxLength(8);
    }
}
