using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Assignments;

/// <summary>A stored assignment with what planning needs to know about the vehicle.</summary>
public sealed record StoredAssignment(
    Guid VehicleId, Guid? PrimaryServerId, Guid? BackupServerId, string? PinnedRegion, long Revision,
    double? LastLatitude, double? LastLongitude);

/// <summary>A planned change: applied only if the row still has <see cref="ExpectedRevision"/>.</summary>
public sealed record AssignmentUpdate(Guid VehicleId, Guid? PrimaryServerId, Guid? BackupServerId, long ExpectedRevision);

/// <summary>Reads and writes vehicle_assignments with plain SQL: the reconciler rewrites many rows at once
/// (one UPDATE … FROM unnest) and must not lose a concurrent change (revision check).</summary>
public sealed class AssignmentStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string SelectColumns = """
        SELECT a.vehicle_id, a.primary_server_id, a.backup_server_id, a.region, a.revision, v.last_latitude, v.last_longitude
        FROM vehicle_assignments a JOIN vehicles v ON v.id = a.vehicle_id
        """;

    public async Task<StoredAssignment?> GetAsync(Guid vehicleId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectColumns + " WHERE a.vehicle_id = $1");
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<List<StoredAssignment>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectColumns + " ORDER BY a.vehicle_id");
        var result = new List<StoredAssignment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(Read(reader));
        return result;
    }

    /// <summary>Vehicles per primary server.</summary>
    public async Task<Dictionary<Guid, int>> CountPrimariesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT primary_server_id, count(*)::int FROM vehicle_assignments WHERE primary_server_id IS NOT NULL GROUP BY 1");
        var result = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[reader.GetGuid(0)] = reader.GetInt32(1);
        return result;
    }

    /// <summary>Region and last fix of a vehicle that has no assignment yet; null when the vehicle does not exist.</summary>
    public async Task<(double? Latitude, double? Longitude)?> GetVehicleFixAsync(Guid vehicleId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT last_latitude, last_longitude FROM vehicles WHERE id = $1");
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.IsDBNull(1) ? null : reader.GetDouble(1));
    }

    /// <summary>Stores a first assignment; false when another caller stored one first.</summary>
    public async Task<bool> TryInsertAsync(Guid vehicleId, Guid? primary, Guid? backup, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO vehicle_assignments (vehicle_id, primary_server_id, backup_server_id, region, revision, updated_at)
            VALUES ($1, $2, $3, NULL, 1, $4)
            ON CONFLICT (vehicle_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)primary ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)backup ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Applies the updates whose rows are unchanged since they were read; returns the vehicles updated.</summary>
    public async Task<List<Guid>> UpdateAsync(IReadOnlyList<AssignmentUpdate> updates, CancellationToken cancellationToken)
    {
        var updated = new List<Guid>();
        if (updates.Count == 0)
            return updated;
        await using var command = dataSource.CreateCommand(
            """
            UPDATE vehicle_assignments a
            SET primary_server_id = u.p, backup_server_id = u.b, revision = a.revision + 1, updated_at = $5
            FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[]) AS u(v, p, b, r)
            WHERE a.vehicle_id = u.v AND a.revision = u.r
            RETURNING a.vehicle_id
            """);
        command.Parameters.Add(new() { Value = updates.Select(u => u.VehicleId).ToArray() });
        command.Parameters.Add(new() { Value = updates.Select(u => u.PrimaryServerId).ToArray() });
        command.Parameters.Add(new() { Value = updates.Select(u => u.BackupServerId).ToArray() });
        command.Parameters.Add(new() { Value = updates.Select(u => u.ExpectedRevision).ToArray() });
        command.Parameters.Add(new() { Value = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            updated.Add(reader.GetGuid(0));
        return updated;
    }

    /// <summary>Pins a vehicle to a region (null: derive it from the vehicle's position again).</summary>
    public async Task<bool> SetRegionAsync(Guid vehicleId, string? region, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE vehicle_assignments SET region = $2 WHERE vehicle_id = $1");
        command.Parameters.Add(new() { Value = vehicleId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)region ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static StoredAssignment Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetGuid(1),
        reader.IsDBNull(2) ? null : reader.GetGuid(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetDouble(5),
        reader.IsDBNull(6) ? null : reader.GetDouble(6));
}
