using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Coverage.Data;

internal sealed class CoverageCellConfiguration : IEntityTypeConfiguration<CoverageCell>
{
    public void Configure(EntityTypeBuilder<CoverageCell> builder)
    {
        builder.ToTable("coverage_cells");
        builder.HasKey(c => new { c.CellSizeM, c.Carrier, c.CellX, c.CellY }).HasName("pk_coverage_cells");
        builder.Property(c => c.Carrier).HasMaxLength(100);
    }
}
