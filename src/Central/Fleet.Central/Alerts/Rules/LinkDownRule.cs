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
    private const short Down = 4;

    public string Kind => AlertKinds.LinkDown;

    public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var threshold = TimeSpan.FromMinutes(o.LinkDownMinutes);
        await using var command = dataSource.CreateCommand(
            """
            WITH recent AS (
                SELECT vehicle_id, link_name, coalesce(nullif(operator_name, ''), mcc_mnc, '') AS carrier, time, state
                FROM link_samples WHERE time >= $1),
            last_ok AS (
                SELECT vehicle_id, link_name, max(time) FILTER (WHERE state IS DISTINCT FROM $3) AS ok_at
                FROM recent GROUP BY vehicle_id, link_name)
            SELECT r.vehicle_id, r.link_name, max(r.carrier), min(r.time), max(r.time), v.name
            FROM recent r
            JOIN last_ok o ON o.vehicle_id = r.vehicle_id AND o.link_name = r.link_name
            JOIN vehicles v ON v.id = r.vehicle_id
            WHERE r.state = $3 AND (o.ok_at IS NULL OR r.time > o.ok_at)
            GROUP BY r.vehicle_id, r.link_name, v.name
            HAVING max(r.time) - min(r.time) >= $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now - TimeSpan.FromMinutes(o.LinkLookbackMinutes), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = threshold, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter { Value = Down, NpgsqlDbType = NpgsqlDbType.Smallint });
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
