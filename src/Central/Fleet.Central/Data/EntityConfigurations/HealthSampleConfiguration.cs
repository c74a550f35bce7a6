using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class HealthSampleConfiguration : IEntityTypeConfiguration<HealthSample>
{
    public void Configure(EntityTypeBuilder<HealthSample> builder)
    {
        // A view over health_series (migration CompactLinkAndHealthSeries): read-only, one row per sample.
        builder.ToView("health_samples").HasNoKey();
    }
}
