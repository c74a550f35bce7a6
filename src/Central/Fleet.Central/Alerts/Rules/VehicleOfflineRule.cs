using Fleet.Central.Alerts.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Alerts.Rules;

/// <summary>A vehicle whose box (any of its devices) has not uploaded a batch for VehicleOfflineMinutes.
/// Vehicles that never enrolled a box are not "offline", they are not installed yet.</summary>
public sealed class VehicleOfflineRule(NpgsqlDataSource dataSource, VehicleTenants tenants, IOptions<AlertOptions> options) : IAlertRule
{
    public string Kind => AlertKinds.VehicleOffline;

    public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var threshold = TimeSpan.FromMinutes(options.Value.VehicleOfflineMinutes);
        await using var command = dataSource.CreateCommand(
            """
            SELECT v.id, v.name, max(d.last_seen_at)
            FROM vehicles v JOIN devices d ON d.vehicle_id = v.id
            GROUP BY v.id, v.name
            HAVING max(d.last_seen_at) < $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now - threshold, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var offline = new List<(Guid Id, string Name, DateTimeOffset LastSeen)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                offline.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        var owners = await tenants.LookupAsync(offline.Select(v => v.Id).ToList(), cancellationToken);
        return offline.Select(v => new AlertCondition(
            Kind,
            $"{Kind}:{v.Id}",
            AlertSeverity.Warning,
            $"Vehicle {v.Name} offline since {v.LastSeen:yyyy-MM-dd HH:mm} UTC",
            $"No telemetry batch for {(now - v.LastSeen).TotalMinutes:0} minutes (threshold {threshold.TotalMinutes:0}).",
            VehicleId: v.Id,
            TenantId: owners.GetValueOrDefault(v.Id))).ToList();
    }
}
