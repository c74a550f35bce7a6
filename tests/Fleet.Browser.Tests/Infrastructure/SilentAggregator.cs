using System.Security.Cryptography;
using Npgsql;

namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>An aggregation server that registered and then went silent, written into central's table as the
/// registration would leave it. Central's liveness rule raises an aggregator-down alert for it on its own
/// schedule; being down, it is never assigned a vehicle, so the shared fleet does not notice it.</summary>
internal static class SilentAggregator
{
    public static async Task<(Guid Id, string Name)> AddAsync(FleetRunFixture fleet, string namePrefix)
    {
        var id = Guid.NewGuid();
        var name = $"{namePrefix}-{id.ToString("N")[..6]}";
        await using var conn = new NpgsqlConnection(fleet.ConnectionString);
        await conn.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO aggregation_servers (id, name, region, endpoints, public_key, token_hash, capacity_sessions, capacity_mbps,
                                             version, active_sessions, cpu_load, rx_bps, tx_bps, draining, registered_at, last_heartbeat_at)
            VALUES ($1, $2, 'eu-north', ARRAY['192.0.2.10:7000'], $3, $4, 500, 1000, '1.0', 0, 0.2, 0, 0, false,
                    now() - interval '2 hours', now() - interval '1 hour')
            """, conn);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(name);
        insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
        insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
        await insert.ExecuteNonQueryAsync();
        return (id, name);
    }

    /// <summary>Waits until central raised the aggregator-down alert for the server; returns the alert's id.</summary>
    public static async Task<Guid> WaitForDownAlertAsync(FleetRunFixture fleet, Guid serverId)
    {
        string? alert = null;
        await Waiting.UntilAsync(async () =>
            {
                alert = await fleet.ScalarAsync<string>(
                    "SELECT id::text FROM alerts WHERE kind = 'aggregator_down' AND server_id = $1 ORDER BY opened_at DESC LIMIT 1", serverId);
                return alert is not null;
            },
            TimeSpan.FromSeconds(90), () => $"no aggregator-down alert for {serverId}\n{fleet.CentralFailures}");
        return Guid.Parse(alert!);
    }
}
