using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>The coverage grid keeps mergeable fixed-bin histograms per cell instead of every observation:
/// coverage_observations grew by one row per link sample (2.7 billion a day at 8,000 vehicles) and each run
/// recomputed percentiles over a cell's whole history. Cells gain an outage count and throughput, RTT and
/// RSRP histograms (Coverage/CellHistogram), each stored sparse as its non-empty bin indices and their
/// counts (Coverage/SparseBins); the primary key takes the cell size (one grid per size: a grid cannot be
/// re-cut without the samples), and samples becomes a bigint.
/// <para>The observations already stored are converted into the histograms of the cells they lie in before
/// the table is dropped; the cells keep their exact percentiles until new samples arrive. The bin bounds
/// are written out here as they are today (0, 1, then ⌊lower × 1.05⌋ at least one more; throughput open
/// from 2,000,000 kbit/s, RTT from 60,000 ms; RSRP one per dB in −156…−31), frozen with this migration.</para></summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261122130000_CoverageHistograms")]
public sealed class CoverageHistograms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE coverage_cells
                ALTER COLUMN samples TYPE bigint,
                ADD COLUMN outages bigint NOT NULL DEFAULT 0,
                ADD COLUMN throughput_bins smallint[] NOT NULL DEFAULT '{}',
                ADD COLUMN throughput_counts bigint[] NOT NULL DEFAULT '{}',
                ADD COLUMN rtt_bins smallint[] NOT NULL DEFAULT '{}',
                ADD COLUMN rtt_counts bigint[] NOT NULL DEFAULT '{}',
                ADD COLUMN rsrp_bins smallint[] NOT NULL DEFAULT '{}',
                ADD COLUMN rsrp_counts bigint[] NOT NULL DEFAULT '{}';

            -- A histogram stored sparse, from the list of its samples' (0-based) bin indices: the non-empty
            -- bins ascending, and their counts.
            CREATE FUNCTION pg_temp.coverage_bins(bins int[]) RETURNS smallint[] LANGUAGE sql AS $$
                SELECT coalesce(array_agg(DISTINCT b::smallint ORDER BY b::smallint), '{}') FROM unnest(bins) b
            $$;
            CREATE FUNCTION pg_temp.coverage_counts(bins int[]) RETURNS bigint[] LANGUAGE sql AS $$
                SELECT coalesce(array_agg(n ORDER BY b), '{}') FROM (SELECT b, count(*) AS n FROM unnest(bins) b GROUP BY b) c
            $$;

            WITH RECURSIVE
            throughput(lower) AS (SELECT 1::bigint UNION ALL SELECT greatest(lower + 1, floor(lower * 1.05::float8)::bigint) FROM throughput WHERE lower < 2000000),
            rtt(lower) AS (SELECT 1::bigint UNION ALL SELECT greatest(lower + 1, floor(lower * 1.05::float8)::bigint) FROM rtt WHERE lower < 60000),
            layout AS (
                SELECT ARRAY[0::bigint] || (SELECT array_agg(lower ORDER BY lower) FROM throughput) AS t,
                       ARRAY[0::bigint] || (SELECT array_agg(lower ORDER BY lower) FROM rtt) AS r)
            UPDATE coverage_cells c SET (outages, throughput_bins, throughput_counts, rtt_bins, rtt_counts, rsrp_bins, rsrp_counts) = (
                SELECT h.outages, pg_temp.coverage_bins(h.t), pg_temp.coverage_counts(h.t), pg_temp.coverage_bins(h.r),
                       pg_temp.coverage_counts(h.r), pg_temp.coverage_bins(h.s), pg_temp.coverage_counts(h.s)
                FROM (
                    SELECT count(*) FILTER (WHERE o.outage) AS outages,
                           array_agg(width_bucket(o.rate_kbps::bigint, l.t) - 1) FILTER (WHERE o.rate_kbps >= 0) AS t,
                           array_agg(width_bucket(o.rtt_ms::bigint, l.r) - 1) FILTER (WHERE o.rtt_ms >= 0) AS r,
                           array_agg(o.rsrp_dbm + 156) FILTER (WHERE o.rsrp_dbm BETWEEN -156 AND -31) AS s
                    FROM layout l
                    LEFT JOIN coverage_observations o
                      ON o.carrier = c.carrier
                     AND o.x >= c.cell_x * c.cell_size_m AND o.x < (c.cell_x + 1) * c.cell_size_m
                     AND o.y >= c.cell_y * c.cell_size_m AND o.y < (c.cell_y + 1) * c.cell_size_m
                    GROUP BY l.t, l.r) h);

            DROP FUNCTION pg_temp.coverage_bins(int[]);
            DROP FUNCTION pg_temp.coverage_counts(int[]);
            ALTER TABLE coverage_cells
                ALTER COLUMN outages DROP DEFAULT,
                ALTER COLUMN throughput_bins DROP DEFAULT,
                ALTER COLUMN throughput_counts DROP DEFAULT,
                ALTER COLUMN rtt_bins DROP DEFAULT,
                ALTER COLUMN rtt_counts DROP DEFAULT,
                ALTER COLUMN rsrp_bins DROP DEFAULT,
                ALTER COLUMN rsrp_counts DROP DEFAULT,
                DROP CONSTRAINT coverage_cells_pkey,
                ADD CONSTRAINT pk_coverage_cells PRIMARY KEY (cell_size_m, carrier, cell_x, cell_y);
            -- A cell is rewritten whenever samples fall in it, never its key or centre: room on the page lets
            -- those updates stay HOT (no new entries in the primary key and GiST indexes).
            ALTER TABLE coverage_cells SET (fillfactor = 80);
            DROP TABLE coverage_observations;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // The observations cannot be recovered from histograms: the table comes back empty, the grid keeps the
        // size it was last updated with.
        migrationBuilder.Sql("""
            CREATE TABLE coverage_observations (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                carrier character varying(100) NOT NULL,
                x double precision NOT NULL,
                y double precision NOT NULL,
                time timestamp with time zone NOT NULL,
                vehicle_id uuid NOT NULL,
                rate_kbps integer NULL,
                rtt_ms integer NULL,
                rsrp_dbm smallint NULL,
                outage boolean NOT NULL
            );
            CREATE INDEX ix_coverage_observations_carrier_x_y ON coverage_observations (carrier, x, y);
            CREATE INDEX ix_coverage_observations_time ON coverage_observations (time);
            DELETE FROM coverage_cells WHERE cell_size_m <> (SELECT cell_size_m FROM coverage_cells ORDER BY updated_at DESC LIMIT 1);
            ALTER TABLE coverage_cells
                DROP CONSTRAINT pk_coverage_cells,
                ADD CONSTRAINT coverage_cells_pkey PRIMARY KEY (carrier, cell_x, cell_y),
                DROP COLUMN outages, DROP COLUMN throughput_bins, DROP COLUMN throughput_counts, DROP COLUMN rtt_bins,
                DROP COLUMN rtt_counts, DROP COLUMN rsrp_bins, DROP COLUMN rsrp_counts,
                ALTER COLUMN samples TYPE integer USING least(samples, 2147483647);
            """);
    }
}
