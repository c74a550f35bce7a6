using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Alerts.Data;

internal sealed class AlertWebhookConfiguration : IEntityTypeConfiguration<AlertWebhook>
{
    public void Configure(EntityTypeBuilder<AlertWebhook> builder)
    {
        builder.ToTable("alert_webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Url).HasMaxLength(2000);
        builder.Property(w => w.Secret).HasMaxLength(200);
        builder.HasIndex(w => w.TenantId);
    }
}
