using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Each device gets an inner tunnel address at enrollment, numbered by a sequence so that an address
/// is never handed out twice, even after its device is deleted.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121140000_DeviceTunnelAddresses")]
public sealed class DeviceTunnelAddresses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE devices ADD COLUMN tunnel_address character varying(64) NULL;
            CREATE UNIQUE INDEX ix_devices_tunnel_address ON devices (tunnel_address);
            CREATE SEQUENCE device_tunnel_address_seq START 1;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP SEQUENCE device_tunnel_address_seq;
            DROP INDEX ix_devices_tunnel_address;
            ALTER TABLE devices DROP COLUMN tunnel_address;
            """);
    }
}
