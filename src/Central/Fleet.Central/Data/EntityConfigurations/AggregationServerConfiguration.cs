using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class AggregationServerConfiguration : IEntityTypeConfiguration<AggregationServer>
{
    public void Configure(EntityTypeBuilder<AggregationServer> builder)
    {
        builder.ToTable("aggregation_servers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Region).HasMaxLength(100);
        builder.Property(s => s.Version).HasMaxLength(100);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasIndex(s => s.TokenHash).IsUnique();
    }
}
