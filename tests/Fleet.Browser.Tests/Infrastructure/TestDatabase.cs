using System.Diagnostics;
using Npgsql;

namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>
/// A fresh database on the private test PostgreSQL (FLEET_TEST_PG, started by `./fleet test`; started here through
/// scripts/postgres.sh when the variable is not set).
/// </summary>
internal static class TestDatabase
{
    public static async Task<string> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("FLEET_TEST_PG") is { Length: > 0 } cs ? cs : StartPrivateServer();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string StartPrivateServer()
    {
        var script = Path.Combine(RepoPaths.Root, "scripts", "postgres.sh");
        using var p = Process.Start(new ProcessStartInfo(script, ["start", "/tmp/fleet-test-pg", "55433"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/postgres.sh start failed: " + error);
        }

        return output.Trim();
    }
}
