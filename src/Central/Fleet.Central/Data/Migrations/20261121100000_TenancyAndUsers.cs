using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Tenants with their API keys (vehicles.tenant_id says whose a vehicle is; NULL = the operator's
/// own fleet) and dashboard users. Hand-written like the others.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121100000_TenancyAndUsers")]
public sealed class TenancyAndUsers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE tenants (
                id uuid PRIMARY KEY,
                name character varying(200) NOT NULL,
                created_at timestamp with time zone NOT NULL
            );
            CREATE UNIQUE INDEX ix_tenants_name ON tenants (name);

            ALTER TABLE vehicles ADD COLUMN tenant_id uuid NULL REFERENCES tenants (id) ON DELETE RESTRICT;
            CREATE INDEX ix_vehicles_tenant_id ON vehicles (tenant_id);

            -- Only the SHA-256 of a key is stored; prefix is its public, unique lookup part.
            CREATE TABLE api_keys (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name character varying(200) NOT NULL,
                prefix character varying(16) NOT NULL,
                secret_hash bytea NOT NULL,
                scopes text[] NOT NULL,
                created_at timestamp with time zone NOT NULL,
                revoked_at timestamp with time zone NULL,
                last_used_at timestamp with time zone NULL
            );
            CREATE UNIQUE INDEX ix_api_keys_prefix ON api_keys (prefix);
            CREATE INDEX ix_api_keys_tenant_id ON api_keys (tenant_id);

            CREATE TABLE users (
                id uuid PRIMARY KEY,
                email character varying(320) NOT NULL,
                display_name character varying(200) NOT NULL,
                password_hash text NOT NULL,
                role character varying(32) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                disabled_at timestamp with time zone NULL,
                last_login_at timestamp with time zone NULL
            );
            CREATE UNIQUE INDEX ix_users_email ON users (email);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE IF EXISTS users, api_keys;
            ALTER TABLE vehicles DROP COLUMN IF EXISTS tenant_id;
            DROP TABLE IF EXISTS tenants;
            """);
    }
}
