using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>The coverage grid (Coverage/). Observations are link samples joined to the fix of the same
/// second, projected to EPSG:3857 once; cells are recomputed from them (percentiles do not merge, so the
/// raw observations are what makes the aggregation incremental).</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121120001_Coverage")]
public sealed class CoverageGrid : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
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

            -- Batches whose samples became observations (the incremental job's memory).
            CREATE TABLE coverage_batches (
                batch_id uuid PRIMARY KEY,
                received_at timestamp with time zone NOT NULL,
                aggregated_at timestamp with time zone NOT NULL
            );
            CREATE INDEX ix_coverage_batches_received_at ON coverage_batches (received_at);

            CREATE TABLE coverage_cells (
                carrier character varying(100) NOT NULL,
                cell_x bigint NOT NULL,
                cell_y bigint NOT NULL,
                cell_size_m double precision NOT NULL,
                center_lat double precision NOT NULL,
                center_lon double precision NOT NULL,
                center geography(Point,4326) NOT NULL,
                samples integer NOT NULL,
                throughput_p10_kbps integer NULL,
                throughput_p50_kbps integer NULL,
                rtt_p50_ms integer NULL,
                rtt_p90_ms integer NULL,
                rsrp_p50_dbm integer NULL,
                outage_fraction double precision NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                PRIMARY KEY (carrier, cell_x, cell_y)
            );
            CREATE INDEX ix_coverage_cells_center ON coverage_cells USING gist (center);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE IF EXISTS coverage_cells, coverage_batches, coverage_observations;");
    }
}
