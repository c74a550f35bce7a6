using Fleet.Agent.Gps;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Runs the three samplers and commits every sample to the outbox as it is taken: GPS at the
/// receiver's rate thinned to the GPS interval, link quality and health on their own timers.
/// </summary>
public sealed partial class TelemetrySamplers(
    SqliteOutbox outbox,
    IGpsSource? gps,
    ILinkQualitySource? links,
    IHealthSource? health,
    SamplerIntervals intervals,
    ILogger logger,
    TimeProvider clock) : BackgroundService
{
    public long PositionsRecorded { get; private set; }

    /// <summary>Sees every fix as it arrives, before thinning (the coverage hints project the path from them).</summary>
    public Action<GpsFix>? FixObserved { get; init; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunGpsAsync(stoppingToken), RunLinksAsync(stoppingToken), RunHealthAsync(stoppingToken));

    public async Task RunGpsAsync(CancellationToken ct)
    {
        if (gps is null)
        {
            return;
        }

        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        PositionSample? previous = null;
        while (!ct.IsCancellationRequested)
        {
            string reason;
            try
            {
                await foreach (var fix in gps.ReadFixesAsync(ct).ConfigureAwait(false))
                {
                    backoff.Reset();
                    FixObserved?.Invoke(fix);
                    var sample = PositionSample.FromFix(fix, previous);

                    // Receivers at 5-10 Hz are thinned to the configured interval.
                    if (previous is not null && sample.UnixMs - previous.UnixMs < intervals.Gps.TotalMilliseconds - 50 && sample.UnixMs >= previous.UnixMs)
                    {
                        continue;
                    }

                    await outbox.AppendAsync(sample, ct).ConfigureAwait(false);
                    previous = sample;
                    PositionsRecorded++;
                }

                reason = "source ended";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                reason = e.Message;
            }

            var delay = backoff.NextDelay();
            Log.GpsFailed(logger, reason, delay);
            await DelayAsync(delay, ct).ConfigureAwait(false);
        }
    }

    public async Task RunLinksAsync(CancellationToken ct)
    {
        if (links is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(intervals.Link, clock);
        while (await TickAsync(timer, ct).ConfigureAwait(false))
        {
            try
            {
                foreach (var sample in links.Sample(clock.GetUtcNow().ToUnixTimeMilliseconds()))
                {
                    await outbox.AppendAsync(sample, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                Log.SampleFailed(logger, "link", e.Message);
            }
        }
    }

    public async Task RunHealthAsync(CancellationToken ct)
    {
        if (health is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(intervals.Health, clock);
        while (await TickAsync(timer, ct).ConfigureAwait(false))
        {
            try
            {
                if (await health.SampleAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false) is { } sample)
                {
                    // The outbox knows its own backlog better than the health source does.
                    var stats = await outbox.StatsAsync(ct).ConfigureAwait(false);
                    await outbox.AppendAsync(sample with { OutboxBacklog = (uint)stats.Batches }, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                Log.SampleFailed(logger, "health", e.Message);
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}

public sealed record SamplerIntervals(TimeSpan Gps, TimeSpan Link, TimeSpan Health);
