using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Turns positions, link_samples and health_samples into tables range-partitioned by day on
/// <c>time</c>, so retention drops whole partitions instead of deleting rows, and adds the downsampled track
/// table kept after the raw samples expire. Every key starts with vehicle_id, the distribution column the
/// schema keeps for Citus (docs/scale-out.md). Rows already present move into the new tables (fresh
/// installs have none).</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121110000_PartitionedTelemetry")]
public sealed class PartitionedTelemetry : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- Creates the missing daily partitions <parent>_pYYYYMMDD for [first_day, last_day] (UTC days).
            -- Safe to race: a partition another session created in the meantime is not an error.
            CREATE FUNCTION fleet_ensure_day_partitions(parent text, first_day date, last_day date)
            RETURNS integer LANGUAGE plpgsql AS $fn$
            DECLARE
                day date := first_day;
                created integer := 0;
                name text;
            BEGIN
                WHILE day <= last_day LOOP
                    name := parent || '_p' || to_char(day, 'YYYYMMDD');
                    IF to_regclass(name) IS NULL THEN
                        BEGIN
                            EXECUTE format(
                                'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                                name, parent,
                                (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
                            created := created + 1;
                        EXCEPTION WHEN duplicate_table OR unique_violation THEN
                            NULL;
                        END;
                    END IF;
                    day := day + 1;
                END LOOP;
                RETURN created;
            END
            $fn$;

            ALTER TABLE positions RENAME TO positions_unpartitioned;
            ALTER INDEX ix_positions_vehicle_id_time RENAME TO ix_positions_unpartitioned_vehicle_id_time;
            ALTER INDEX ix_positions_geom RENAME TO ix_positions_unpartitioned_geom;
            ALTER TABLE link_samples RENAME TO link_samples_unpartitioned;
            ALTER INDEX ix_link_samples_vehicle_id_time RENAME TO ix_link_samples_unpartitioned_vehicle_id_time;
            ALTER TABLE health_samples RENAME TO health_samples_unpartitioned;
            ALTER INDEX ix_health_samples_vehicle_id_time RENAME TO ix_health_samples_unpartitioned_vehicle_id_time;

            -- Time series: no foreign keys (COPY speed; partitions are dropped whole). The primary keys lead
            -- with vehicle_id (distribution key) and include time (partition key), as both require.
            CREATE TABLE positions (
                id bigint GENERATED ALWAYS AS IDENTITY,
                vehicle_id uuid NOT NULL,
                batch_id uuid NOT NULL,
                time timestamp with time zone NOT NULL,
                geom geometry(Point,4326) NOT NULL,
                altitude_m real NULL,
                speed_mps real NULL,
                course_deg real NULL,
                fix_mode smallint NOT NULL,
                satellites smallint NULL,
                hdop real NULL,
                CONSTRAINT pk_positions PRIMARY KEY (vehicle_id, time, id)
            ) PARTITION BY RANGE (time);
            CREATE INDEX ix_positions_vehicle_id_time ON positions (vehicle_id, time);
            CREATE INDEX ix_positions_geom ON positions USING gist (geom);

            CREATE TABLE link_samples (
                id bigint GENERATED ALWAYS AS IDENTITY,
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
                rx_bytes bigint NULL,
                CONSTRAINT pk_link_samples PRIMARY KEY (vehicle_id, time, id)
            ) PARTITION BY RANGE (time);

            CREATE TABLE health_samples (
                id bigint GENERATED ALWAYS AS IDENTITY,
                vehicle_id uuid NOT NULL,
                batch_id uuid NOT NULL,
                time timestamp with time zone NOT NULL,
                cpu_temp_c real NULL,
                ssd_temp_c real NULL,
                cpu_load_permille integer NULL,
                mem_used_permille integer NULL,
                disk_free_mb bigint NULL,
                smart_ok smallint NULL,
                outbox_backlog integer NULL,
                CONSTRAINT pk_health_samples PRIMARY KEY (vehicle_id, time, id)
            ) PARTITION BY RANGE (time);

            -- One point per vehicle and 30-second bucket, written by the retention job before it drops a raw
            -- day; kept without limit.
            CREATE TABLE positions_downsampled (
                vehicle_id uuid NOT NULL,
                bucket_at timestamp with time zone NOT NULL,
                time timestamp with time zone NOT NULL,
                geom geometry(Point,4326) NOT NULL,
                speed_mps real NULL,
                course_deg real NULL,
                sample_count integer NOT NULL,
                CONSTRAINT pk_positions_downsampled PRIMARY KEY (vehicle_id, bucket_at)
            );

            -- Move existing rows (none on a fresh install) into partitions covering their days.
            DO $move$
            DECLARE
                t text;
                first_day date;
                last_day date;
            BEGIN
                FOREACH t IN ARRAY ARRAY['positions', 'link_samples', 'health_samples'] LOOP
                    EXECUTE format('SELECT min(time AT TIME ZONE ''UTC'')::date, max(time AT TIME ZONE ''UTC'')::date FROM %I',
                        t || '_unpartitioned') INTO first_day, last_day;
                    IF first_day IS NOT NULL THEN
                        PERFORM fleet_ensure_day_partitions(t, first_day, last_day);
                    END IF;
                END LOOP;
            END
            $move$;

            INSERT INTO positions (id, vehicle_id, batch_id, time, geom, altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop)
                OVERRIDING SYSTEM VALUE
                SELECT id, vehicle_id, batch_id, time, geom, altitude_m, speed_mps, course_deg, fix_mode, satellites, hdop
                FROM positions_unpartitioned;
            INSERT INTO link_samples (id, vehicle_id, batch_id, time, link_name, iccid, operator_name, mcc_mnc, state,
                    rate_kbps, rtt_ms, loss_permille, weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db,
                    access_tech, cell_id, registration, tx_bytes, rx_bytes)
                OVERRIDING SYSTEM VALUE
                SELECT id, vehicle_id, batch_id, time, link_name, iccid, operator_name, mcc_mnc, state,
                    rate_kbps, rtt_ms, loss_permille, weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db,
                    access_tech, cell_id, registration, tx_bytes, rx_bytes
                FROM link_samples_unpartitioned;
            INSERT INTO health_samples (id, vehicle_id, batch_id, time, cpu_temp_c, ssd_temp_c, cpu_load_permille,
                    mem_used_permille, disk_free_mb, smart_ok, outbox_backlog)
                OVERRIDING SYSTEM VALUE
                SELECT id, vehicle_id, batch_id, time, cpu_temp_c, ssd_temp_c, cpu_load_permille,
                    mem_used_permille, disk_free_mb, smart_ok, outbox_backlog
                FROM health_samples_unpartitioned;
            SELECT setval(pg_get_serial_sequence('positions', 'id'), coalesce((SELECT max(id) FROM positions), 0) + 1, false);
            SELECT setval(pg_get_serial_sequence('link_samples', 'id'), coalesce((SELECT max(id) FROM link_samples), 0) + 1, false);
            SELECT setval(pg_get_serial_sequence('health_samples', 'id'), coalesce((SELECT max(id) FROM health_samples), 0) + 1, false);

            DROP TABLE positions_unpartitioned, link_samples_unpartitioned, health_samples_unpartitioned;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Going back would mean copying every partition into plain tables; restore from a backup instead.
        migrationBuilder.Sql("""
            DROP TABLE IF EXISTS positions_downsampled;
            """);
    }
}
