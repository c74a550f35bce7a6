using Fleet.Central.Alerts.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Alerts.Rules;

/// <summary>A registered aggregation server that stopped heartbeating without draining first (a drained
/// server going quiet is a planned shutdown). Operator-only: no tenant.</summary>
public sealed class AggregatorDownRule(NpgsqlDataSource dataSource, IOptions<AlertOptions> options) : IAlertRule
{
    public string Kind => AlertKinds.AggregatorDown;

    public async Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var threshold = TimeSpan.FromSeconds(options.Value.AggregatorDownSeconds);
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, region, last_heartbeat_at FROM aggregation_servers WHERE NOT draining AND last_heartbeat_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = now - threshold, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var conditions = new List<AlertCondition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var lastHeartbeat = reader.GetFieldValue<DateTimeOffset>(3);
            conditions.Add(new AlertCondition(
                Kind,
                $"{Kind}:{id}",
                AlertSeverity.Critical,
                $"Aggregation server {reader.GetString(1)} ({reader.GetString(2)}) down",
                $"No heartbeat since {lastHeartbeat:yyyy-MM-dd HH:mm:ss} UTC ({(now - lastHeartbeat).TotalSeconds:0} s, threshold {threshold.TotalSeconds:0} s).",
                ServerId: id));
        }
        return conditions;
    }
}
