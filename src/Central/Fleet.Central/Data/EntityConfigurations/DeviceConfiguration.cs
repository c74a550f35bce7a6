using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.ToTable("devices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.HardwareId).HasMaxLength(200);
        builder.Property(d => d.Hostname).HasMaxLength(200);
        builder.Property(d => d.AgentVersion).HasMaxLength(100);
        builder.Property(d => d.TunnelAddress).HasMaxLength(64);
        builder.HasIndex(d => d.TunnelAddress).IsUnique();
        builder.HasIndex(d => d.VehicleId);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(d => d.VehicleId).OnDelete(DeleteBehavior.Cascade);
    }
}
