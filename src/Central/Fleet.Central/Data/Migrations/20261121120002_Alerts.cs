using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Fleet.Central.Data.Migrations;

/// <summary>Alerts, tenant webhooks and their delivery log (Alerts/).</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261121120002_Alerts")]
public sealed class AlertsAndWebhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE alerts (
                id uuid PRIMARY KEY,
                kind character varying(40) NOT NULL,
                dedup_key character varying(200) NOT NULL,
                severity smallint NOT NULL,
                status smallint NOT NULL,
                tenant_id uuid NULL,
                vehicle_id uuid NULL,
                sim_id uuid NULL,
                server_id uuid NULL,
                title character varying(300) NOT NULL,
                detail text NULL,
                opened_at timestamp with time zone NOT NULL,
                last_seen_at timestamp with time zone NOT NULL,
                acknowledged_at timestamp with time zone NULL,
                acknowledged_by character varying(200) NULL,
                resolved_at timestamp with time zone NULL
            );
            -- One live alert per condition: the evaluator's dedup relies on it.
            CREATE UNIQUE INDEX ix_alerts_dedup_key ON alerts (dedup_key) WHERE status <> 2;
            CREATE INDEX ix_alerts_status_opened_at ON alerts (status, opened_at);

            CREATE TABLE alert_webhooks (
                id uuid PRIMARY KEY,
                tenant_id uuid NULL,
                url character varying(2000) NOT NULL,
                secret character varying(200) NOT NULL,
                enabled boolean NOT NULL,
                created_at timestamp with time zone NOT NULL
            );
            CREATE INDEX ix_alert_webhooks_tenant_id ON alert_webhooks (tenant_id);

            CREATE TABLE webhook_deliveries (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                webhook_id uuid NOT NULL REFERENCES alert_webhooks (id) ON DELETE CASCADE,
                alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
                event character varying(20) NOT NULL,
                payload text NOT NULL,
                status smallint NOT NULL,
                attempts integer NOT NULL,
                next_attempt_at timestamp with time zone NOT NULL,
                last_status_code integer NULL,
                last_error text NULL,
                created_at timestamp with time zone NOT NULL,
                completed_at timestamp with time zone NULL
            );
            CREATE INDEX ix_webhook_deliveries_status_next_attempt_at ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX ix_webhook_deliveries_alert_id ON webhook_deliveries (alert_id);

            CREATE TABLE webhook_delivery_attempts (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
                attempt integer NOT NULL,
                attempted_at timestamp with time zone NOT NULL,
                status_code integer NULL,
                error character varying(1000) NULL,
                duration_ms integer NOT NULL
            );
            CREATE INDEX ix_webhook_delivery_attempts_delivery_id ON webhook_delivery_attempts (delivery_id);
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TABLE IF EXISTS webhook_delivery_attempts, webhook_deliveries, alert_webhooks, alerts;");
    }
}
