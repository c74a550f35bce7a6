using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Alerts;

/// <summary>Which tenant owns a vehicle (vehicles.tenant_id; null = the operator's own fleet). The column
/// belongs to the tenants feature; until its migration is applied there is no column and every vehicle
/// counts as the operator's, rather than alerting and finance failing.</summary>
public sealed class VehicleTenants(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyDictionary<Guid, Guid?>> LookupAsync(IReadOnlyCollection<Guid> vehicleIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, Guid?>();
        if (vehicleIds.Count == 0)
            return result;
        try
        {
            await using var command = dataSource.CreateCommand("SELECT id, tenant_id FROM vehicles WHERE id = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = vehicleIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                result[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            // No tenants yet: every vehicle is the operator's.
        }
        return result;
    }

    public async Task<Guid?> LookupAsync(Guid vehicleId, CancellationToken cancellationToken) =>
        (await LookupAsync([vehicleId], cancellationToken)).GetValueOrDefault(vehicleId);
}
