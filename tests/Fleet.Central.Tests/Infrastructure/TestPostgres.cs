using System.Diagnostics;
using Npgsql;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>The PostgreSQL server the tests use: $FLEET_TEST_PG when set, otherwise a private throwaway
/// cluster started once per test run with scripts/postgres.sh. Each test class gets its own database.</summary>
internal static class TestPostgres
{
    public const string DataDirectory = "/tmp/fleet-test-pg";
    public const int Port = 55433;

    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    public static Task<string> ServerConnectionStringAsync() => Server.Value;

    /// <summary>Creates an empty database (no extensions: migrations add PostGIS) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await ServerConnectionStringAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(await ServerConnectionStringAsync());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartServerAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("FLEET_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment;

        var script = Path.Combine(RepoPaths.Root, "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, "start", DataDirectory, Port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run scripts/postgres.sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/postgres.sh start failed ({process.ExitCode}): {await stderr}");
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Last(line => line.StartsWith("Host=", StringComparison.Ordinal));
    }
}
