using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class LinkSampleConfiguration : IEntityTypeConfiguration<LinkSample>
{
    public void Configure(EntityTypeBuilder<LinkSample> builder)
    {
        // A view over link_series (migration CompactLinkAndHealthSeries): read-only, one row per sample.
        builder.ToView("link_samples").HasNoKey();
        builder.Property(s => s.LinkName).HasMaxLength(64);
        builder.Property(s => s.Iccid).HasMaxLength(32);
        builder.Property(s => s.OperatorName).HasMaxLength(100);
        builder.Property(s => s.MccMnc).HasMaxLength(8);
    }
}
