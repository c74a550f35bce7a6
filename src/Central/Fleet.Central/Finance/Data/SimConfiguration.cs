using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Finance.Data;

internal sealed class SimConfiguration : IEntityTypeConfiguration<Sim>
{
    public void Configure(EntityTypeBuilder<Sim> builder)
    {
        builder.ToTable("sims");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Iccid).HasMaxLength(Iccid.MaxLength);
        builder.Property(s => s.Carrier).HasMaxLength(100);
        builder.Property(s => s.PlanName).HasMaxLength(100);
        builder.Property(s => s.Billing).HasConversion<short>();
        builder.Property(s => s.PrepaidBalance).HasColumnType("numeric(14,4)");
        builder.Property(s => s.PricePerGb).HasColumnType("numeric(14,4)");
        builder.Property(s => s.PlanPrice).HasColumnType("numeric(14,4)");
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.HasIndex(s => s.Iccid).IsUnique();
        builder.HasIndex(s => s.VehicleId);
    }
}
