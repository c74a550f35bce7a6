using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Finance.Data;

internal sealed class SimDailyUsageConfiguration : IEntityTypeConfiguration<SimDailyUsage>
{
    public void Configure(EntityTypeBuilder<SimDailyUsage> builder)
    {
        builder.ToTable("sim_daily_usage");
        builder.HasKey(u => new { u.SimId, u.Day });
        builder.Ignore(u => u.TotalBytes);
    }
}
