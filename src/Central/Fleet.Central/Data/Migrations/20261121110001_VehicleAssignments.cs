using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Persisted primary/backup assignments (Assignments/), so they survive restarts.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121110001_VehicleAssignments")]
public sealed class VehicleAssignments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE vehicle_assignments (
                vehicle_id uuid NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
                primary_server_id uuid NULL REFERENCES aggregation_servers (id) ON DELETE SET NULL,
                backup_server_id uuid NULL REFERENCES aggregation_servers (id) ON DELETE SET NULL,
                region character varying(100) NULL,
                revision bigint NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_vehicle_assignments PRIMARY KEY (vehicle_id)
            );
            CREATE INDEX ix_vehicle_assignments_primary_server_id ON vehicle_assignments (primary_server_id);
            CREATE INDEX ix_vehicle_assignments_backup_server_id ON vehicle_assignments (backup_server_id);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE IF EXISTS vehicle_assignments;");
    }
}
