using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Indexes tuned for ingest speed and for the background jobs' lookups (bench/ingest.sh):
/// <list type="bullet">
/// <item>positions loses the (vehicle_id, time) index, a prefix of the primary key (vehicle_id, time, id)
///   that serves the same range scans and was maintained for every one of the 1 Hz fixes COPY writes. The GiST
///   index on geom stays: spatial questions ("which vehicles passed here") need it.</item>
/// <item>telemetry_batches gets (received_at): the coverage and SIM-usage jobs look for batches received
///   since their last run, which scanned every batch ever stored.</item>
/// <item>link_samples gets a partial (time) index of Down samples only: the link-down alert rule starts
///   from those (rare) rows instead of reading every link's samples of the look-back window.</item>
/// </list></summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121130000_IngestIndexes")]
public sealed class IngestIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX IF EXISTS ix_positions_vehicle_id_time;
            CREATE INDEX IF NOT EXISTS ix_telemetry_batches_received_at ON telemetry_batches (received_at);
            CREATE INDEX IF NOT EXISTS ix_link_samples_down_time ON link_samples (time) WHERE state = 4;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX IF EXISTS ix_link_samples_down_time;
            DROP INDEX IF EXISTS ix_telemetry_batches_received_at;
            CREATE INDEX IF NOT EXISTS ix_positions_vehicle_id_time ON positions (vehicle_id, time);
            """);
    }
}
