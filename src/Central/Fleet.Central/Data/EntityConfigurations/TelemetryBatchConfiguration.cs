using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Fleet.Central.Data.EntityConfigurations;

internal sealed class TelemetryBatchConfiguration : IEntityTypeConfiguration<TelemetryBatch>
{
    public void Configure(EntityTypeBuilder<TelemetryBatch> builder)
    {
        builder.ToTable("telemetry_batches");
        // The agent's batch id is the idempotency key: never generated here.
        builder.HasKey(b => b.BatchId);
        builder.Property(b => b.BatchId).ValueGeneratedNever();
        builder.Property(b => b.AgentVersion).HasMaxLength(100);
        builder.HasIndex(b => new { b.DeviceId, b.Sequence });
        builder.HasIndex(b => b.ReceivedAt); // the coverage and SIM-usage jobs' "received since" scans
        builder.HasOne<Device>().WithMany().HasForeignKey(b => b.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}
