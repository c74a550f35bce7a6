using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Alerts.Data;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(40);
        builder.Property(a => a.DedupKey).HasMaxLength(200);
        builder.Property(a => a.Severity).HasConversion<short>();
        builder.Property(a => a.Status).HasConversion<short>();
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        builder.HasIndex(a => a.DedupKey).IsUnique().HasFilter("status <> 2");
        builder.HasIndex(a => new { a.Status, a.OpenedAt });
    }
}
