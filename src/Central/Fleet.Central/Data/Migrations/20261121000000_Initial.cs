using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>The first schema. Hand-written (Microsoft.EntityFrameworkCore.Design is not in this registry):
/// plain DDL is easier to review than builder calls and says exactly what PostGIS gets. The test
/// <c>Migrations_Applied_SchemaMatchesModel</c> keeps it in step with the EF model.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE EXTENSION IF NOT EXISTS postgis;

            CREATE TABLE vehicles (
                id uuid PRIMARY KEY,
                name character varying(200) NOT NULL,
                created_at timestamp with time zone NOT NULL,
                last_position_at timestamp with time zone NULL,
                last_latitude double precision NULL,
                last_longitude double precision NULL,
                last_speed_mps real NULL,
                last_course_deg real NULL
            );
            CREATE UNIQUE INDEX ix_vehicles_name ON vehicles (name);

            CREATE TABLE enrollment_tokens (
                id uuid PRIMARY KEY,
                vehicle_id uuid NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
                token_hash bytea NOT NULL,
                created_at timestamp with time zone NOT NULL,
                expires_at timestamp with time zone NOT NULL,
                used_at timestamp with time zone NULL,
                device_id uuid NULL
            );
            CREATE UNIQUE INDEX ix_enrollment_tokens_token_hash ON enrollment_tokens (token_hash);
            CREATE INDEX ix_enrollment_tokens_vehicle_id ON enrollment_tokens (vehicle_id);

            CREATE TABLE devices (
                id uuid PRIMARY KEY,
                vehicle_id uuid NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
                secret_hash bytea NOT NULL,
                tunnel_public_key bytea NOT NULL,
                hardware_id character varying(200) NOT NULL,
                hostname character varying(200) NOT NULL,
                agent_version character varying(100) NOT NULL,
                enrolled_at timestamp with time zone NOT NULL,
                last_seen_at timestamp with time zone NULL
            );
            CREATE INDEX ix_devices_vehicle_id ON devices (vehicle_id);

            CREATE TABLE telemetry_batches (
                batch_id uuid PRIMARY KEY,
                device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
                vehicle_id uuid NOT NULL,
                sequence bigint NOT NULL,
                start_at timestamp with time zone NOT NULL,
                end_at timestamp with time zone NOT NULL,
                received_at timestamp with time zone NOT NULL,
                position_count integer NOT NULL,
                link_sample_count integer NOT NULL,
                health_sample_count integer NOT NULL,
                agent_version character varying(100) NOT NULL
            );
            CREATE INDEX ix_telemetry_batches_device_id_sequence ON telemetry_batches (device_id, sequence);

            -- Time series: no foreign keys (COPY speed, later partitioning/sharding by vehicle_id).
            CREATE TABLE positions (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                vehicle_id uuid NOT NULL,
                batch_id uuid NOT NULL,
                time timestamp with time zone NOT NULL,
                geom geometry(Point,4326) NOT NULL,
                altitude_m real NULL,
                speed_mps real NULL,
                course_deg real NULL,
                fix_mode smallint NOT NULL,
                satellites smallint NULL,
                hdop real NULL
            );
            CREATE INDEX ix_positions_vehicle_id_time ON positions (vehicle_id, time);
            CREATE INDEX ix_positions_geom ON positions USING gist (geom);
            CREATE INDEX ix_positions_batch_id ON positions (batch_id);

            CREATE TABLE link_samples (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                vehicle_id uuid NOT NULL,
                batch_id uuid NOT NULL,
                time timestamp with time zone NOT NULL,
                link_name character varying(64) NOT NULL,
                iccid character varying(32) NULL,
                operator_name character varying(100) NULL,
                mcc_mnc character varying(8) NULL,
                state smallint NULL,
                rate_kbps integer NULL,
                rtt_ms integer NULL,
                loss_permille integer NULL,
                weight_permille integer NULL,
                rssi_dbm smallint NULL,
                rsrp_dbm smallint NULL,
                rsrq_db real NULL,
                sinr_db real NULL,
                access_tech smallint NULL,
                cell_id bigint NULL,
                registration smallint NULL,
                tx_bytes bigint NULL,
                rx_bytes bigint NULL
            );
            CREATE INDEX ix_link_samples_vehicle_id_time ON link_samples (vehicle_id, time);
            CREATE INDEX ix_link_samples_batch_id ON link_samples (batch_id);

            CREATE TABLE health_samples (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                vehicle_id uuid NOT NULL,
                batch_id uuid NOT NULL,
                time timestamp with time zone NOT NULL,
                cpu_temp_c real NULL,
                ssd_temp_c real NULL,
                cpu_load_permille integer NULL,
                mem_used_permille integer NULL,
                disk_free_mb bigint NULL,
                smart_ok smallint NULL,
                outbox_backlog integer NULL
            );
            CREATE INDEX ix_health_samples_vehicle_id_time ON health_samples (vehicle_id, time);
            CREATE INDEX ix_health_samples_batch_id ON health_samples (batch_id);

            CREATE TABLE aggregation_servers (
                id uuid PRIMARY KEY,
                name character varying(200) NOT NULL,
                region character varying(100) NOT NULL,
                endpoints text[] NOT NULL,
                public_key bytea NOT NULL,
                token_hash bytea NOT NULL,
                capacity_sessions integer NOT NULL,
                capacity_mbps bigint NOT NULL,
                version character varying(100) NOT NULL,
                active_sessions integer NOT NULL,
                cpu_load double precision NOT NULL,
                rx_bps bigint NOT NULL,
                tx_bps bigint NOT NULL,
                draining boolean NOT NULL,
                registered_at timestamp with time zone NOT NULL,
                last_heartbeat_at timestamp with time zone NOT NULL
            );
            CREATE UNIQUE INDEX ix_aggregation_servers_name ON aggregation_servers (name);
            CREATE UNIQUE INDEX ix_aggregation_servers_token_hash ON aggregation_servers (token_hash);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE IF EXISTS aggregation_servers, health_samples, link_samples, positions,
                telemetry_batches, devices, enrollment_tokens, vehicles;
            """);
    }
}
