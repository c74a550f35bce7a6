using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>
/// A running Fleet: central (real process, real PostgreSQL + PostGIS) with simulated vehicles that enrolled through
/// the admin API and upload telemetry over gRPC from real GPS tracks. Shared by the dashboard tests.
/// </summary>
public sealed class FleetRunFixture : IAsyncLifetime
{
    public const int VehicleCount = 6;

    private ChildProcess? _central;
    private ChildProcess? _vehicles;

    public string DashboardUrl { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public string AdminKey { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public string AdminEmail => "noc-admin@fleet.test";

    public string AdminPassword { get; } = "Pw-" + Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("fleet_browser");
        var webPort = FreePort();
        var grpcPort = FreePort();
        DashboardUrl = $"http://127.0.0.1:{webPort}/";

        _central = new ChildProcess("central", RepoPaths.BuiltDll("Central/Fleet.Central", "Fleet.Central"), [], new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = ConnectionString,
            ["Central__AdminKey"] = AdminKey,
            ["Central__AggregatorRegistrationKey"] = "browser-test-aggregators",
            ["Database__MigrateOnStartup"] = "true",
            ["Users__BootstrapAdmin__Email"] = AdminEmail,
            ["Users__BootstrapAdmin__Password"] = AdminPassword,
            ["Central__HttpUrl"] = $"http://127.0.0.1:{webPort}",
            ["Central__GrpcUrl"] = $"http://127.0.0.1:{grpcPort}",
        });
        await WaitUntilAsync(() => HealthyAsync(DashboardUrl + "healthz"), TimeSpan.FromSeconds(90), _central);

        var stateDir = Directory.CreateTempSubdirectory("fleet-browser-vehicles").FullName;
        _vehicles = new ChildProcess("vehicles", RepoPaths.BuiltDll("Edge/Fleet.Agent", "Fleet.Agent"),
        [
            "simulate", "--central", $"http://127.0.0.1:{grpcPort}", "--admin-url", $"http://127.0.0.1:{webPort}",
            "--admin-key", AdminKey, "--count", VehicleCount.ToString(), "--batch-seconds", "2",
            "--state-dir", stateDir, "--data-dir", RepoPaths.DataDir,
        ], new Dictionary<string, string>());
        await WaitUntilAsync(async () => await VehiclesWithPositionsAsync() >= VehicleCount, TimeSpan.FromSeconds(90), _vehicles);
    }

    public Task DisposeAsync()
    {
        _vehicles?.Dispose();
        _central?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>What central has stored, straight from PostGIS: vehicles that have at least one position.</summary>
    public async Task<int> VehiclesWithPositionsAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(DISTINCT vehicle_id) FROM positions WHERE ST_IsValid(geom)", conn);
        try
        {
            return Convert.ToInt32(await cmd.ExecuteScalarAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // not migrated yet
        }
    }

    public string Logs => $"--- central ---\n{_central?.Output}\n--- vehicles ---\n{_vehicles?.Output}";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<bool> HealthyAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetAsync(url)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited early.\n{Logs}");
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{process.Name} did not get ready within {timeout}.\n{Logs}");
    }
}
