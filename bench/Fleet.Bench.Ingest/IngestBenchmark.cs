using System.Diagnostics;
using System.Globalization;
using Fleet.Central;
using Fleet.Central.Data;
using Fleet.Central.Enrollment;
using Fleet.Central.Tenancy;
using Fleet.Central.Telemetry;
using Fleet.Contracts.Services;
using Fleet.Contracts.Telemetry;
using Fleet.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.Bench.Ingest;

/// <summary>Replays one 10-minute batch per simulated vehicle into central's real ingest service (in
/// process, and a share of them through gRPC), then loads a bulk of positions server-side and times
/// 24-hour track queries. Prints `name: value` lines.</summary>
public static class IngestBenchmark
{
    internal const string DeviceSecret = "fds_bench-device-secret";

    // The figures before the compact link/health series and the sliced track read (same machine class, same
    // defaults), printed next to today's so a run shows the change: 8,000 vehicles, 50 M positions, 2 cores.
    private const string BeforeRowsPerSecond = "28927";
    private const string BeforeRealtimeMultiple = "0.71";
    private const string BeforeTrackP95Ms = "1217 (REST GeoJSON track reading all 86,400 fixes of the day)";
    internal const double TargetRealtimeMultiple = 4;
    private const double TargetTrackP95Ms = 300;

    public static async Task<int> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var connectionString = options.Required("connection");
        var vehicles = (int)options.Number("vehicles", 8000);
        var bulkPositions = options.Number("bulk-positions", 50_000_000);
        var queries = (int)options.Number("queries", 40);
        var grpcBatches = (int)Math.Min(options.Number("grpc-batches", 2000), vehicles);
        var workers = (int)options.Number("workers", 4);
        // Replaying a subset still measures the sustained rate (compared with the whole fleet's baseline).
        var replay = (int)Math.Min(options.Number("replay", vehicles), vehicles);

        Out("postgres", "private throwaway cluster from scripts/postgres.sh, tuned fsync=off full_page_writes=off (numbers are an upper bound for durable storage); ingest commits with synchronous_commit=on");
        Out("background_jobs", "coverage, SIM usage and alert passes are held off during the replay (one pass at startup, then hourly) so rows_per_s is the ingest path alone; the coverage pass is timed on its own below");
        Out("machine", $"{Environment.ProcessorCount} cores");
        Out("vehicles", vehicles);
        Out("batch", $"{SimulatedFleet.BatchSeconds / 60} min: GPS 1 Hz, {SimulatedFleet.Carriers} carriers 1 Hz, health every {SimulatedFleet.HealthEverySeconds} s = {SimulatedFleet.RowsPerBatch} rows");
        var baseline = SimulatedFleet.RowsPerSecond(vehicles);
        Out("baseline_rows_per_s", $"{baseline:0} ({vehicles} vehicles x {SimulatedFleet.RowsPerBatch} rows / {SimulatedFleet.BatchSeconds} s, what the fleet produces in real time)");

        var grpcPort = FreePort();
        var httpPort = FreePort();
        await using var app = Fleet.Central.Program.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = connectionString,
            ["Central:HttpUrl"] = $"http://127.0.0.1:{httpPort}",
            ["Central:GrpcUrl"] = $"http://127.0.0.1:{grpcPort}",
            ["Central:AdminKey"] = "bench-admin-key-0123456789",
            ["Logging:LogLevel:Default"] = "Warning",
            // The periodic jobs would share the two cores with the replay; their throughput is measured apart.
            ["Coverage:AggregationIntervalSeconds"] = "86400",
            ["Finance:UsageIntervalSeconds"] = "86400",
            ["Alerts:EvaluationIntervalSeconds"] = "3600",
            // stdout carries only the `name: value` result lines.
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        }));
        await app.MigrateFleetDatabaseAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var ingest = app.Services.GetRequiredService<TelemetryIngestService>();

        var fleet = await SeedVehiclesAsync(dataSource, vehicles, cancellationToken);
        var windowStart = DateTimeOffset.UtcNow.AddMinutes(-25).ToUnixTimeMilliseconds() / 1000 * 1000;

        var watch = Stopwatch.StartNew();
        var uploads = new byte[replay][];
        Parallel.For(0, replay, i => uploads[i] = SimulatedFleet.EncodeBatch(i, windowStart, 1));
        Out("generate_s", watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        Out("upload_bytes_per_batch", uploads.Sum(u => (long)u.Length) / Math.Max(1, replay));
        Out("replayed_batches", replay);

        // Where the client-side time goes: parse + decode + cut into series, one thread, no database.
        var sample = Math.Min(replay, 500);
        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        var decodeWatch = Stopwatch.StartNew();
        for (var i = 0; i < sample; i++)
        {
            var decoded = TelemetryBatchDecoder.Decode(TelemetryBatch.Parser.ParseFrom(uploads[i]), limits, DateTimeOffset.UtcNow);
            SampleSeries.Links(decoded.Value!.LinkSamples);
        }
        Out("decode_ms_per_batch", (decodeWatch.Elapsed.TotalMilliseconds / sample).ToString("0.00", CultureInfo.InvariantCulture)
            + " (protobuf parse + decode + series cut, one thread)");

        // In process: parse the upload as the gRPC layer would, then the transport-neutral ingest service.
        var rows = 0L;
        var storedBefore = await StoredSamplesAsync(dataSource, cancellationToken);
        watch.Restart();
        await ForEachAsync(replay, workers, async i =>
        {
            var batch = TelemetryBatch.Parser.ParseFrom(uploads[i]);
            var result = await ingest.IngestAsync(fleet[i], batch, cancellationToken);
            if (!result.Succeeded)
                throw new InvalidOperationException($"batch of vehicle {i} refused: {result.Failure.Message}");
            Interlocked.Add(ref rows, SimulatedFleet.RowsPerBatch);
        }, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        // The rate counts what is stored, read back: positions rows plus the samples inside the link and
        // health series rows (one row of arrays per link and batch holds 600 samples).
        var stored = await StoredSamplesAsync(dataSource, cancellationToken) - storedBefore;
        if (stored != rows)
            throw new InvalidOperationException($"{rows} samples uploaded but {stored} stored");
        var rate = stored / seconds;
        Out("ingest_path", $"in process: TelemetryBatch.Parser + TelemetryIngestService.IngestAsync, {workers} concurrent uploads");
        Out("ingest_s", seconds.ToString("0.0", CultureInfo.InvariantCulture));
        Out("samples_stored", $"{stored} (positions rows + samples in link_series/health_series arrays, counted in the database)");
        Out("rows_per_s", $"{rate.ToString("0", CultureInfo.InvariantCulture)} (before: {BeforeRowsPerSecond})");
        Out("batches_per_s", (replay / seconds).ToString("0.0", CultureInfo.InvariantCulture));
        Out("realtime_multiple", $"{(rate / baseline).ToString("0.00", CultureInfo.InvariantCulture)} (target >= {TargetRealtimeMultiple}; before: {BeforeRealtimeMultiple})");
        uploads = [];

        if (grpcBatches > 0)
            await GrpcIngestPass.RunAsync(grpcPort, fleet, grpcBatches, windowStart + SimulatedFleet.BatchSeconds * 1000L, workers, baseline, cancellationToken);

        await CoveragePass.RunAsync(app.Services, vehicles, cancellationToken);

        // --bulk-positions 0 / --queries 0 skip those phases (e.g. to time the coverage pass alone).
        if (bulkPositions > 0)
        {
            var bulk = await BulkPositions.LoadAsync(dataSource, fleet, bulkPositions, cancellationToken);
            Out("positions_stored", await ScalarAsync<long>(dataSource, "SELECT count(*) FROM positions", cancellationToken));
            if (queries > 0)
            {
                var apiKey = await TrackApiKeyAsync(app.Services, dataSource, bulk, cancellationToken);
                await TrackQueriesAsync(httpPort, apiKey, bulk, queries, cancellationToken);
            }
        }

        await app.StopAsync(cancellationToken);
        return 0;
    }

    /// <summary>The bulk vehicles belong to one tenant whose key reads positions: the track queries go
    /// through the REST API exactly as a customer's would (key check, ownership, SQL, GeoJSON).</summary>
    private static async Task<string> TrackApiKeyAsync(
        IServiceProvider services, NpgsqlDataSource dataSource, BulkPositions.Loaded bulk, CancellationToken cancellationToken)
    {
        var tenant = await services.GetRequiredService<TenantService>().CreateAsync("bench-tenant", cancellationToken);
        if (!tenant.Succeeded)
            throw new InvalidOperationException(tenant.Failure.Message);
        await using (var command = dataSource.CreateCommand("UPDATE vehicles SET tenant_id = $1 WHERE id = ANY($2)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tenant.Value.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = bulk.Vehicles.ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(
            tenant.Value.Id, "bench", [ApiScopes.PositionsRead], cancellationToken);
        return key.Succeeded ? key.Value.Key : throw new InvalidOperationException(key.Failure.Message);
    }

    private static async Task TrackQueriesAsync(
        int httpPort, string apiKey, BulkPositions.Loaded bulk, int queries, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        var random = new Random(42);
        var timings = new List<double>();
        long points = 0, shown = 0;
        for (var q = -3; q < queries; q++)
        {
            // A different vehicle and day each time: no query is answered from the previous one's pages.
            var vehicle = bulk.Vehicles[random.Next(bulk.Vehicles.Count)];
            var day = bulk.Days[random.Next(bulk.Days.Count)];
            var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var path = string.Create(CultureInfo.InvariantCulture,
                $"/api/v1/vehicles/{vehicle}/track?from={from:yyyy-MM-ddTHH:mm:ssZ}&to={from.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}");
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var ms = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
            if (q < 0)
                continue; // warm-up: JIT and connection pool
            timings.Add(ms);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var properties = json.RootElement.GetProperty("features")[0].GetProperty("properties");
            points += properties.GetProperty("pointCount").GetInt32();
            shown += properties.GetProperty("shownPointCount").GetInt32();
        }
        timings.Sort();
        var p95 = Percentile(timings, 0.95);
        Out("track_query", $"GET /api/v1/vehicles/{{id}}/track for 24 h (GeoJSON; first fix per time slice by index probes, simplified in PostGIS), {queries} queries over random vehicles/days");
        Out("track_query_points_avg", $"{points / Math.Max(1, timings.Count)} fixes in range, {shown / Math.Max(1, timings.Count)} shown");
        Out("track_query_p50_ms", Percentile(timings, 0.50).ToString("0.0", CultureInfo.InvariantCulture));
        Out("track_query_p95_ms", $"{p95.ToString("0.0", CultureInfo.InvariantCulture)} (target <= {TargetTrackP95Ms}; before: {BeforeTrackP95Ms})");
        Out("track_query_max_ms", timings[^1].ToString("0.0", CultureInfo.InvariantCulture));
    }

    /// <summary>Samples stored: positions rows plus the samples the series rows hold.</summary>
    private static Task<long> StoredSamplesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ScalarAsync<long>(dataSource,
            """
            SELECT (SELECT count(*) FROM positions)
                 + (SELECT coalesce(sum(sample_count), 0) FROM link_series)
                 + (SELECT coalesce(sum(sample_count), 0) FROM health_series)
            """, cancellationToken);

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Vehicles and devices straight into the tables (enrollment is not what is measured); every
    /// device shares one secret so the gRPC uploads can authenticate.</summary>
    private static async Task<DeviceIdentity[]> SeedVehiclesAsync(NpgsqlDataSource dataSource, int count, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(
            """
            INSERT INTO vehicles (id, name, created_at)
            SELECT md5('vehicle-' || i)::uuid, 'bench-' || i, now() FROM generate_series(0, $1 - 1) i
            ON CONFLICT DO NOTHING
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = count });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = dataSource.CreateCommand(
            """
            INSERT INTO devices (id, vehicle_id, secret_hash, tunnel_public_key, hardware_id, hostname, agent_version, enrolled_at)
            SELECT md5('device-' || i)::uuid, md5('vehicle-' || i)::uuid, sha256(convert_to($2, 'UTF8')), '\x01'::bytea,
                   'hw-' || i, 'edge-' || i, 'bench', now()
            FROM generate_series(0, $1 - 1) i
            ON CONFLICT DO NOTHING
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = count });
            command.Parameters.Add(new NpgsqlParameter { Value = DeviceSecret });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var fleet = new DeviceIdentity[count];
        await using (var command = dataSource.CreateCommand(
            "SELECT i, md5('device-' || i)::uuid, md5('vehicle-' || i)::uuid FROM generate_series(0, $1 - 1) i"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = count });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                fleet[reader.GetInt32(0)] = new DeviceIdentity(reader.GetGuid(1), reader.GetGuid(2));
        }
        return fleet;
    }

    internal static async Task ForEachAsync(int count, int workers, Func<int, Task> body, CancellationToken cancellationToken)
    {
        var next = -1;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(i);
            }
        }, cancellationToken));
        await Task.WhenAll(tasks);
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), CultureInfo.InvariantCulture);
    }

    internal static void Out(string name, object value)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value}"));
        Console.Out.Flush();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
