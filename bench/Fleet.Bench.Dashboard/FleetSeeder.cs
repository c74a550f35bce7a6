using Npgsql;

namespace Fleet.Bench.Dashboard;

/// <summary>Puts the fleet straight into central's database (vehicles with a last fix, as ingest leaves them) and
/// moves every vehicle on a timer, as 8,000 uploading boxes would: the live map reads exactly these columns.</summary>
internal static class FleetSeeder
{
    /// <summary>Creates the vehicles (central has migrated the database by then).</summary>
    public static async Task SeedAsync(string connection, int vehicles)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        // Spread over northern Europe (where the shared GPS tracks are): Scandinavia and the Baltics.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO vehicles (id, name, created_at, last_position_at, last_latitude, last_longitude, last_speed_mps, last_course_deg)
            SELECT gen_random_uuid(), 'bench-' || lpad(i::text, 5, '0'), now(), now(),
                   55 + random() * 8, 8 + random() * 20, (random() * 25)::real, (random() * 360)::real
            FROM generate_series(1, $1) AS i
            ON CONFLICT (name) DO NOTHING
            """, conn);
        insert.Parameters.AddWithValue(vehicles);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Every <paramref name="interval"/>, every vehicle moves a few hundred metres and reports now.</summary>
    public static async Task RunMoverAsync(string connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(cancellationToken);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var move = new NpgsqlCommand(
                    """
                    UPDATE vehicles SET last_latitude = last_latitude + (random() - 0.5) * 0.004,
                                        last_longitude = last_longitude + (random() - 0.5) * 0.008,
                                        last_position_at = now()
                    """, conn);
                await move.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Benchmark over.
        }
    }
}
