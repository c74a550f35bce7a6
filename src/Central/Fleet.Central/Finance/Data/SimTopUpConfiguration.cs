using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Finance.Data;

internal sealed class SimTopUpConfiguration : IEntityTypeConfiguration<SimTopUp>
{
    public void Configure(EntityTypeBuilder<SimTopUp> builder)
    {
        builder.ToTable("sim_top_ups");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Amount).HasColumnType("numeric(14,4)");
        builder.Property(t => t.RecordedBy).HasMaxLength(200);
        builder.Property(t => t.Note).HasMaxLength(500);
        builder.HasIndex(t => new { t.SimId, t.RecordedAt });
    }
}
