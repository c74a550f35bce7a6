using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>SIMs, top-ups and daily usage (Finance/). Daily usage is summed from link_samples by ICCID, so
/// link_samples gets an (iccid, time) index: the usage job re-reads one SIM-day at a time.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121120000_Finance")]
public sealed class FinanceSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE sims (
                id uuid PRIMARY KEY,
                iccid character varying(22) NOT NULL,
                vehicle_id uuid NULL REFERENCES vehicles (id) ON DELETE SET NULL,
                tenant_id uuid NULL,
                carrier character varying(100) NOT NULL,
                plan_name character varying(100) NOT NULL,
                billing smallint NOT NULL,
                allowance_bytes bigint NULL,
                period_start_day smallint NULL,
                prepaid_balance numeric(14,4) NULL,
                balance_as_of date NULL,
                price_per_gb numeric(14,4) NULL,
                plan_price numeric(14,4) NULL,
                currency character varying(3) NOT NULL,
                top_up_lead_time_days integer NOT NULL,
                created_at timestamp with time zone NOT NULL,
                CONSTRAINT ck_sims_billing CHECK (
                    (billing = 0 AND allowance_bytes > 0 AND period_start_day BETWEEN 1 AND 28) OR
                    (billing = 1 AND prepaid_balance IS NOT NULL AND balance_as_of IS NOT NULL AND price_per_gb > 0))
            );
            CREATE UNIQUE INDEX ix_sims_iccid ON sims (iccid);
            CREATE INDEX ix_sims_vehicle_id ON sims (vehicle_id);

            CREATE TABLE sim_top_ups (
                id uuid PRIMARY KEY,
                sim_id uuid NOT NULL REFERENCES sims (id) ON DELETE CASCADE,
                amount numeric(14,4) NULL,
                data_bytes bigint NOT NULL,
                recorded_at timestamp with time zone NOT NULL,
                recorded_by character varying(200) NOT NULL,
                note character varying(500) NULL
            );
            CREATE INDEX ix_sim_top_ups_sim_id_recorded_at ON sim_top_ups (sim_id, recorded_at);

            CREATE TABLE sim_daily_usage (
                sim_id uuid NOT NULL REFERENCES sims (id) ON DELETE CASCADE,
                day date NOT NULL,
                tx_bytes bigint NOT NULL,
                rx_bytes bigint NOT NULL,
                samples integer NOT NULL,
                updated_at timestamp with time zone NOT NULL,
                PRIMARY KEY (sim_id, day)
            );

            -- Where the usage job got to: batches received after this were not yet counted.
            CREATE TABLE sim_usage_state (
                id integer PRIMARY KEY CHECK (id = 1),
                counted_until timestamp with time zone NOT NULL
            );

            CREATE INDEX ix_link_samples_iccid_time ON link_samples (iccid, time);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX IF EXISTS ix_link_samples_iccid_time;
            DROP TABLE IF EXISTS sim_usage_state, sim_daily_usage, sim_top_ups, sims;
            """);
    }
}
