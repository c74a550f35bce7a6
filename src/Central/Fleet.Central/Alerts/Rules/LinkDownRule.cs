using Fleet.Central.Alerts.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Alerts.Rules;

/// <summary>A carrier link whose samples have said Down (LinkState 4) without a break for LinkDownMinutes.
/// Judged on the samples' own timestamps (the evidence), not on wall-clock time, because samples arrive in
/// 10-minute batches; the alert resolves with the first non-Down sample or when the link's samples age out
/// of the look-back window.</summary>
public sealed class LinkDownRule(NpgsqlDataSource dataSource, VehicleTenants tenants, IOptions<AlertOptions> options) : IAlertRule
{
    // LinkState Down = 4 is written into the SQL as a literal, so the planner can match the partial index.
    public string Kind => AlertKinds.LinkDown;

    public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var threshold = TimeSpan.FromMinutes(o.LinkDownMinutes);
        await using var command = dataSource.CreateCommand(
            """
            -- Starts from the series rows with a Down sample in the window (partial index
            -- ix_link_series_down_start_at: Down is rare), then unnests only those links' series by the primary
            -- key (vehicle_id, start_at). The link_samples view is filtered on series_end_at/series_start_at too:
            -- a predicate on the unnested time alone would open every series of the vehicle. A series row never
            -- crosses UTC midnight, so one reaching $1 starts no earlier than $1's UTC day ($3).
            WITH down_links AS (
                SELECT DISTINCT vehicle_id, link_name FROM link_series
                WHERE down_count > 0 AND start_at >= $3 AND end_at >= $1),
            last_ok AS (
                SELECT d.vehicle_id, d.link_name, ok.ok_at
                FROM down_links d
                CROSS JOIN LATERAL (
                    SELECT max(l.time) AS ok_at FROM link_samples l
                    WHERE l.vehicle_id = d.vehicle_id AND l.series_start_at >= $3 AND l.series_end_at >= $1
                      AND l.time >= $1 AND l.link_name = d.link_name AND l.state IS DISTINCT FROM 4) ok)
            SELECT o.vehicle_id, o.link_name, max(coalesce(nullif(l.operator_name, ''), l.mcc_mnc, '')), min(l.time), max(l.time), v.name
            FROM last_ok o
            JOIN link_samples l
              ON l.vehicle_id = o.vehicle_id AND l.series_start_at >= $3 AND l.series_end_at >= $1
             AND l.time >= $1 AND l.link_name = o.link_name AND l.state = 4
             AND (o.ok_at IS NULL OR l.time > o.ok_at)
            JOIN vehicles v ON v.id = o.vehicle_id
            GROUP BY o.vehicle_id, o.link_name, v.name
            HAVING max(l.time) - min(l.time) >= $2
            """);
        var since = now - TimeSpan.FromMinutes(o.LinkLookbackMinutes);
        command.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = threshold, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(since.UtcDateTime.Date, TimeSpan.Zero), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var down = new List<(Guid Vehicle, string Link, string Carrier, DateTimeOffset Since, DateTimeOffset Last, string VehicleName)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                down.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
            }
        }
        var owners = await tenants.LookupAsync(down.Select(d => d.Vehicle).Distinct().ToList(), cancellationToken);
        return down.Select(d => new AlertCondition(
            Kind,
            $"{Kind}:{d.Vehicle}:{d.Link}",
            AlertSeverity.Warning,
            $"{d.VehicleName}: link {d.Link} ({(d.Carrier.Length > 0 ? d.Carrier : "unknown carrier")}) down since {d.Since:yyyy-MM-dd HH:mm} UTC",
            $"Down for {(d.Last - d.Since).TotalMinutes:0} minutes of samples (threshold {threshold.TotalMinutes:0}).",
            VehicleId: d.Vehicle,
            TenantId: owners.GetValueOrDefault(d.Vehicle))).ToList();
    }
}
