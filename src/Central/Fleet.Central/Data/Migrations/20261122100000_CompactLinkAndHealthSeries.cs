using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Per-carrier link samples and health samples are stored compactly: one row per vehicle, batch,
/// link and UTC day holding the samples as time-ordered arrays (link_series, health_series), instead of one
/// row per sample. At 1 Hz and four carriers a 10-minute batch was 2,400 link rows, each with its heap tuple
/// and three index entries; it is now four rows (bench/ingest.sh measured the difference). A series row never
/// crosses UTC midnight (ingest splits it), so whole-day questions (SIM usage per day, retention by day)
/// never look inside the arrays, and a row's start_at bounds its day.
/// <para>The old names stay readable: link_samples and health_samples become views that unnest the series
/// into one row per sample, with series_start_at/series_end_at exposed so readers can bound the series they
/// open (a predicate on the unnested time cannot be pushed into the series scan; one on series_end_at can).
/// Rows already stored are converted.</para></summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261122100000_CompactLinkAndHealthSeries")]
public sealed class CompactLinkAndHealthSeries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- Distribution key vehicle_id first (Citus, docs/scale-out.md), partition key start_at (day ranges).
            -- series_no tells apart the rows one batch writes for the same link and day (a link sent twice).
            -- lz4: the arrays are TOASTed, and lz4 compresses several times faster than the default pglz.
            CREATE TABLE link_series (
                vehicle_id uuid NOT NULL,
                start_at timestamp with time zone NOT NULL,
                batch_id uuid NOT NULL,
                series_no smallint NOT NULL,
                end_at timestamp with time zone NOT NULL,
                link_name character varying(64) NOT NULL,
                iccid character varying(32) NULL,
                operator_name character varying(100) NULL,
                mcc_mnc character varying(8) NULL,
                sample_count integer NOT NULL,
                tx_bytes_total bigint NOT NULL,
                rx_bytes_total bigint NOT NULL,
                down_count integer NOT NULL,
                times timestamp with time zone[] COMPRESSION lz4 NOT NULL,
                state smallint[] COMPRESSION lz4 NOT NULL,
                rate_kbps integer[] COMPRESSION lz4 NOT NULL,
                rtt_ms integer[] COMPRESSION lz4 NOT NULL,
                loss_permille integer[] COMPRESSION lz4 NOT NULL,
                weight_permille integer[] COMPRESSION lz4 NOT NULL,
                rssi_dbm smallint[] COMPRESSION lz4 NOT NULL,
                rsrp_dbm smallint[] COMPRESSION lz4 NOT NULL,
                rsrq_db real[] COMPRESSION lz4 NOT NULL,
                sinr_db real[] COMPRESSION lz4 NOT NULL,
                access_tech smallint[] COMPRESSION lz4 NOT NULL,
                cell_id bigint[] COMPRESSION lz4 NOT NULL,
                registration smallint[] COMPRESSION lz4 NOT NULL,
                tx_bytes bigint[] COMPRESSION lz4 NOT NULL,
                rx_bytes bigint[] COMPRESSION lz4 NOT NULL,
                CONSTRAINT pk_link_series PRIMARY KEY (vehicle_id, start_at, batch_id, series_no)
            ) PARTITION BY RANGE (start_at);
            -- SIM usage sums a SIM's rows of a day; the link-down rule starts from the (rare) series with a Down sample.
            CREATE INDEX ix_link_series_iccid_start_at ON link_series (iccid, start_at);
            CREATE INDEX ix_link_series_down_start_at ON link_series (start_at) WHERE down_count > 0;

            CREATE TABLE health_series (
                vehicle_id uuid NOT NULL,
                start_at timestamp with time zone NOT NULL,
                batch_id uuid NOT NULL,
                end_at timestamp with time zone NOT NULL,
                sample_count integer NOT NULL,
                times timestamp with time zone[] COMPRESSION lz4 NOT NULL,
                cpu_temp_c real[] COMPRESSION lz4 NOT NULL,
                ssd_temp_c real[] COMPRESSION lz4 NOT NULL,
                cpu_load_permille integer[] COMPRESSION lz4 NOT NULL,
                mem_used_permille integer[] COMPRESSION lz4 NOT NULL,
                disk_free_mb bigint[] COMPRESSION lz4 NOT NULL,
                smart_ok smallint[] COMPRESSION lz4 NOT NULL,
                outbox_backlog integer[] COMPRESSION lz4 NOT NULL,
                CONSTRAINT pk_health_series PRIMARY KEY (vehicle_id, start_at, batch_id)
            ) PARTITION BY RANGE (start_at);

            -- Existing samples (none on a fresh install) become series: per vehicle, batch, link and UTC day.
            DO $move$
            DECLARE
                t text;
                first_day date;
                last_day date;
            BEGIN
                FOREACH t IN ARRAY ARRAY['link_samples', 'health_samples'] LOOP
                    EXECUTE format('SELECT min(time AT TIME ZONE ''UTC'')::date, max(time AT TIME ZONE ''UTC'')::date FROM %I', t)
                        INTO first_day, last_day;
                    IF first_day IS NOT NULL THEN
                        PERFORM fleet_ensure_day_partitions(replace(t, '_samples', '_series'), first_day, last_day);
                    END IF;
                END LOOP;
            END
            $move$;

            INSERT INTO link_series (vehicle_id, start_at, batch_id, series_no, end_at, link_name, iccid, operator_name, mcc_mnc,
                sample_count, tx_bytes_total, rx_bytes_total, down_count, times, state, rate_kbps, rtt_ms, loss_permille,
                weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db, access_tech, cell_id, registration, tx_bytes, rx_bytes)
            SELECT vehicle_id, min(time), batch_id,
                   (row_number() OVER (PARTITION BY vehicle_id, batch_id ORDER BY min(time), link_name) - 1)::smallint,
                   max(time), link_name, iccid, operator_name, mcc_mnc,
                   count(*), coalesce(sum(tx_bytes), 0), coalesce(sum(rx_bytes), 0), count(*) FILTER (WHERE state = 4),
                   array_agg(time ORDER BY time, id), array_agg(state ORDER BY time, id), array_agg(rate_kbps ORDER BY time, id),
                   array_agg(rtt_ms ORDER BY time, id), array_agg(loss_permille ORDER BY time, id),
                   array_agg(weight_permille ORDER BY time, id), array_agg(rssi_dbm ORDER BY time, id),
                   array_agg(rsrp_dbm ORDER BY time, id), array_agg(rsrq_db ORDER BY time, id), array_agg(sinr_db ORDER BY time, id),
                   array_agg(access_tech ORDER BY time, id), array_agg(cell_id ORDER BY time, id),
                   array_agg(registration ORDER BY time, id), array_agg(tx_bytes ORDER BY time, id), array_agg(rx_bytes ORDER BY time, id)
            FROM link_samples
            GROUP BY vehicle_id, batch_id, link_name, iccid, operator_name, mcc_mnc, (time AT TIME ZONE 'UTC')::date;

            INSERT INTO health_series (vehicle_id, start_at, batch_id, end_at, sample_count, times, cpu_temp_c, ssd_temp_c,
                cpu_load_permille, mem_used_permille, disk_free_mb, smart_ok, outbox_backlog)
            SELECT vehicle_id, min(time), batch_id, max(time), count(*),
                   array_agg(time ORDER BY time, id), array_agg(cpu_temp_c ORDER BY time, id), array_agg(ssd_temp_c ORDER BY time, id),
                   array_agg(cpu_load_permille ORDER BY time, id), array_agg(mem_used_permille ORDER BY time, id),
                   array_agg(disk_free_mb ORDER BY time, id), array_agg(smart_ok ORDER BY time, id),
                   array_agg(outbox_backlog ORDER BY time, id)
            FROM health_samples
            GROUP BY vehicle_id, batch_id, (time AT TIME ZONE 'UTC')::date;

            DROP TABLE link_samples, health_samples;

            -- The per-sample shape, for readers that want rows. Filter on vehicle_id and series_end_at /
            -- series_start_at so only the series of the range are unnested.
            CREATE VIEW link_samples AS
            SELECT s.vehicle_id, s.batch_id, u.time, s.link_name, s.iccid, s.operator_name, s.mcc_mnc, u.state,
                   u.rate_kbps, u.rtt_ms, u.loss_permille, u.weight_permille, u.rssi_dbm, u.rsrp_dbm, u.rsrq_db, u.sinr_db,
                   u.access_tech, u.cell_id, u.registration, u.tx_bytes, u.rx_bytes,
                   s.start_at AS series_start_at, s.end_at AS series_end_at
            FROM link_series s
            CROSS JOIN LATERAL unnest(s.times, s.state, s.rate_kbps, s.rtt_ms, s.loss_permille, s.weight_permille, s.rssi_dbm,
                s.rsrp_dbm, s.rsrq_db, s.sinr_db, s.access_tech, s.cell_id, s.registration, s.tx_bytes, s.rx_bytes)
                AS u(time, state, rate_kbps, rtt_ms, loss_permille, weight_permille, rssi_dbm, rsrp_dbm, rsrq_db, sinr_db,
                     access_tech, cell_id, registration, tx_bytes, rx_bytes);

            CREATE VIEW health_samples AS
            SELECT s.vehicle_id, s.batch_id, u.time, u.cpu_temp_c, u.ssd_temp_c, u.cpu_load_permille, u.mem_used_permille,
                   u.disk_free_mb, u.smart_ok, u.outbox_backlog,
                   s.start_at AS series_start_at, s.end_at AS series_end_at
            FROM health_series s
            CROSS JOIN LATERAL unnest(s.times, s.cpu_temp_c, s.ssd_temp_c, s.cpu_load_permille, s.mem_used_permille,
                s.disk_free_mb, s.smart_ok, s.outbox_backlog)
                AS u(time, cpu_temp_c, ssd_temp_c, cpu_load_permille, mem_used_permille, disk_free_mb, smart_ok, outbox_backlog);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Going back would mean unnesting every series into per-sample partitions; restore from a backup instead.
        migrationBuilder.Sql("""
            DROP VIEW IF EXISTS link_samples, health_samples;
            """);
    }
}
