using Fleet.Agent.Sync;
using Fleet.Agent.Tracks;
using Fleet.Contracts.Services;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Simulation;

/// <summary>
/// `fleet-agent simulate`: N vehicles in one process for the demo. Each mints its own enrollment token
/// through central's admin API, enrolls, and drives a real recorded track (distinct tracks, staggered
/// start points) at 1 Hz real time, uploading through the same outbox and uploader as the real agent.
/// </summary>
public static class SimulateCommand
{
    /// <param name="stop">Stops the run early, like Ctrl-C (tests stop once they have seen what they wait for).</param>
    public static async Task<int> RunAsync(string[] args, CancellationToken stop = default)
    {
        var (options, error) = SimulateOptions.Parse(args, TrackLibrary.DefaultDataDir());
        if (options is null)
        {
            Console.Error.WriteLine("fleet-agent simulate: " + error);
            return 2;
        }

        if (options.DataDir is null || !Directory.Exists(options.DataDir))
        {
            Console.Error.WriteLine($"fleet-agent simulate: track data not found (--data-dir {options.DataDir ?? "not given"}); point it at the shared research data folder");
            return 2;
        }

        var tracks = TrackLibrary.LoadAll(options.DataDir).Where(t => t.Points.Count >= 180).ToList();
        if (tracks.Count == 0)
        {
            Console.Error.WriteLine($"fleet-agent simulate: no usable tracks under {options.DataDir}");
            return 2;
        }

        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Fleet.Agent.Simulation", LogLevel.Information));
        var log = loggers.CreateLogger(typeof(SimulateCommand).FullName!);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (options.Duration is { } d)
        {
            cts.CancelAfter(d);
        }

        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        using var channel = CentralConnection.CreateChannel(options.Central.ToString());
        var client = new AgentGatewayService.Client(channel.CreateCallInvoker());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var admin = new AdminApiClient(http, options.AdminUrl, options.AdminKey);

        var vehicles = new List<SimulatedVehicle>();
        for (var i = 0; i < options.Count; i++)
        {
            // Distinct tracks first; when vehicles outnumber tracks, later ones start further along.
            var track = tracks[i % tracks.Count];
            var lap = i / tracks.Count;
            var start = (int)((long)track.Points.Count * ((lap * 0.37) % 1.0));
            var name = $"sim-{i + 1:D3}";
            vehicles.Add(new SimulatedVehicle(
                i + 1, name, Path.Combine(options.StateDir, name), track, start, client, admin,
                TimeSpan.FromSeconds(options.BatchSeconds), loggers, TimeProvider.System));
        }

        log.LogInformation("Simulating {Count} vehicles on {Tracks} tracks from {DataDir}; batches every {Seconds} s", vehicles.Count, tracks.Count, options.DataDir, options.BatchSeconds);
        var runs = vehicles.Select(v => RunVehicleAsync(v, log, cts.Token)).ToList();
        var report = ReportAsync(vehicles, log, cts.Token);
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        await report.ConfigureAwait(false);
        var failed = results.Count(ok => !ok);
        log.LogInformation("Stopped: {Uploaded} batches uploaded, {Failed} vehicles failed", vehicles.Sum(v => v.Uploader?.Uploaded ?? 0), failed);
        return failed == vehicles.Count ? 1 : 0;
    }

    private static async Task<bool> RunVehicleAsync(SimulatedVehicle vehicle, ILogger log, CancellationToken ct)
    {
        try
        {
            await vehicle.RunAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or Fleet.Grpc.RpcException)
        {
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or Fleet.Grpc.RpcException)
        {
            log.LogError("{Vehicle} stopped: {Error}", vehicle.Name, e.Message);
            return false;
        }
    }

    private static async Task ReportAsync(List<SimulatedVehicle> vehicles, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                log.LogInformation(
                    "{Running} vehicles running, {Positions} positions recorded, {Uploaded} batches uploaded, backlog {Backlog}",
                    vehicles.Count(v => v.Uploader is not null),
                    vehicles.Sum(v => v.Samplers?.PositionsRecorded ?? 0),
                    vehicles.Sum(v => v.Uploader?.Uploaded ?? 0),
                    vehicles.Sum(v => v.Uploader?.Backlog ?? 0));
            }
        }
        catch (OperationCanceledException)
        {
            // done
        }
    }
}
