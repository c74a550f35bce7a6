using Fleet.Agent.Daemon;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Fleet.Agent.Telemetry;
using Fleet.Agent.Tracks;
using Fleet.Contracts.Services;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Simulation;

/// <summary>
/// One simulated vehicle: its own identity, outbox and uploader (the real agent's code), a GPS that
/// drives a recorded track and four simulated carriers.
/// </summary>
public sealed class SimulatedVehicle(
    int number,
    string name,
    string stateDir,
    Track track,
    int startIndex,
    AgentGatewayService.Client client,
    AdminApiClient admin,
    TimeSpan batchInterval,
    ILoggerFactory loggers,
    TimeProvider clock)
{
    public string Name { get; } = name;

    public BatchUploader? Uploader { get; private set; }

    public TelemetrySamplers? Samplers { get; private set; }

    public string TrackName => track.Name;

    public async Task RunAsync(CancellationToken ct)
    {
        var identityPath = Path.Combine(stateDir, "identity.json");
        string? token = null;
        if (!File.Exists(identityPath))
        {
            token = await admin.CreateEnrollmentTokenAsync(Name, ct).ConfigureAwait(false);
        }

        var enrollment = await Enroller.EnsureEnrolledAsync(identityPath, () => token, client, AgentVersion.Value, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (enrollment.Error is { } error)
        {
            throw new InvalidOperationException($"{Name}: {error}");
        }

        var central = new CentralConnection(client, enrollment.Identity!);
        using var outbox = SqliteOutbox.Open(Path.Combine(stateDir, "outbox.db"), 64L * 1024 * 1024, loggers.CreateLogger<SqliteOutbox>(), clock, AgentVersion.Value);
        using var uploader = new BatchUploader(outbox, central, loggers.CreateLogger<BatchUploader>(), clock);
        using var sealer = new BatchSealer(outbox, uploader, batchInterval, clock);
        using var watcher = new AssignmentWatcher(central, loggers.CreateLogger<AssignmentWatcher>(), clock);
        using var samplers = new TelemetrySamplers(
            outbox,
            new TrackReplayGpsSource(track, startIndex, clock),
            new SimulatedLinkQualitySource(number * 7919),
            new SimulatedHealthSource(number),
            new SamplerIntervals(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
            loggers.CreateLogger<TelemetrySamplers>(),
            clock);
        Uploader = uploader;
        Samplers = samplers;

        await Task.WhenAll(
            samplers.RunGpsAsync(ct),
            samplers.RunLinksAsync(ct),
            samplers.RunHealthAsync(ct),
            sealer.RunSealAsync(ct),
            uploader.RunUploadAsync(ct),
            watcher.RunWatchAsync(ct)).ConfigureAwait(false);
    }
}
