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
            // Background jobs at test pace: coverage cells, SIM usage and alerts follow the uploads within seconds.
            ["Coverage__AggregationIntervalSeconds"] = "2",
            ["Finance__UsageIntervalSeconds"] = "2",
            ["Alerts__EvaluationIntervalSeconds"] = "2",
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
        await SeedSimsAsync();
    }

    /// <summary>The ICCID of the SIM registered with no money left: central's run-out rule raises an alert for it.</summary>
    public string EmptySimIccid { get; private set; } = "";

    /// <summary>Registers the simulated modems' SIMs as finance would (the simulator reports ICCIDs but nobody
    /// registers SIMs): the first prepaid with nothing left, so a real run-out alert opens; the others healthy.</summary>
    private async Task SeedSimsAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        var modems = new List<(string Iccid, string Carrier, Guid VehicleId)>();
        await using (var read = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (iccid) iccid, coalesce(operator_name, link_name), vehicle_id
            FROM link_samples WHERE iccid IS NOT NULL ORDER BY iccid, vehicle_id
            """, conn))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                modems.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
        }
        if (modems.Count < 2)
            throw new InvalidOperationException($"the simulated fleet reported {modems.Count} SIM(s); the finance tests need two.\n{Logs}");

        for (var i = 0; i < modems.Count; i++)
        {
            var (iccid, carrier, vehicle) = modems[i];
            var prepaid = i % 2 == 0;
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO sims (id, iccid, vehicle_id, carrier, plan_name, billing, allowance_bytes, period_start_day,
                                  prepaid_balance, balance_as_of, price_per_gb, currency, top_up_lead_time_days, created_at)
                VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, current_date, $9, 'EUR', 3, now())
                """, conn);
            insert.Parameters.AddWithValue(iccid);
            insert.Parameters.AddWithValue(vehicle);
            insert.Parameters.AddWithValue(carrier);
            insert.Parameters.AddWithValue(prepaid ? "Prepaid data" : "Fleet 50 GB");
            insert.Parameters.AddWithValue((short)(prepaid ? 1 : 0));
            insert.Parameters.AddWithValue(prepaid ? DBNull.Value : 50_000_000_000L);
            insert.Parameters.AddWithValue(prepaid ? DBNull.Value : (short)1);
            insert.Parameters.AddWithValue(prepaid ? i == 0 ? 0m : 400m : DBNull.Value);
            insert.Parameters.AddWithValue(prepaid ? 2.5m : DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
        EmptySimIccid = modems[0].Iccid;
    }

    /// <summary>Scalar query against central's database (tests check what the dashboard wrote).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters)
            cmd.Parameters.AddWithValue(p);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    /// <summary>A staff user of <paramref name="role"/> created through the admin REST API, as an administrator would.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@fleet.test";
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using var http = new HttpClient { BaseAddress = new Uri(DashboardUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(
            http, "api/admin/users", new { email, password, role, displayName = role + " tester" });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/admin/users ({role}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (email, password);
    }

    public Task DisposeAsync()
    {
        _vehicles?.Dispose();
        _central?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>What central has stored, straight from PostGIS: vehicles with a track to draw (several positions)
    /// and link samples to chart, so any vehicle a test opens has a full page.</summary>
    public async Task<int> VehiclesWithPositionsAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FROM (SELECT vehicle_id FROM positions WHERE ST_IsValid(geom) GROUP BY vehicle_id HAVING count(*) >= 5) p
            WHERE EXISTS (SELECT 1 FROM link_samples l WHERE l.vehicle_id = p.vehicle_id)
            """, conn);
        try
        {
            return Convert.ToInt32(await cmd.ExecuteScalarAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // not migrated yet
        }
    }

    /// <summary>Central's log from its first failure or exception on (the whole log is too long for a test message).</summary>
    public string CentralFailures => string.Join('\n', (_central?.Output ?? "").Split('\n')
        .SkipWhile(l => !l.Contains("fail:") && !l.Contains("Exception")).Take(60));

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
