using System.Globalization;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Daemon;

/// <summary>
/// `fleet-agent soak` (not in the usage text): the real outbox, sealer and uploader at a high rate, for the
/// kill -9 reliability test. Each synthetic health sample carries a unique id in DiskFreeMb; "committed ID"
/// is printed only after the outbox commit returned, so every printed id must reach central exactly once.
///   soak --outbox FILE --central URL --run N [--sample-ms 2] [--batch-ms 100]   sample, seal and upload until killed
///   soak --outbox FILE --central URL --drain                                    seal what is pending, upload all, exit 0
/// </summary>
public static class SoakCommand
{
    /// <summary>Sample ids are run × IdsPerRun + counter, so restarts never reuse an id.</summary>
    public const long IdsPerRun = 10_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        string? outboxPath = null, central = null;
        long run = 0;
        int sampleMs = 2, batchMs = 100;
        var drain = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--outbox": outboxPath = Next(); break;
                    case "--central": central = Next(); break;
                    case "--run": run = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--sample-ms": sampleMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--batch-ms": batchMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--drain": drain = true; break;
                    default: throw new ArgumentException($"unknown argument \"{args[i]}\"");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine("fleet-agent soak: " + e.Message);
                return 2;
            }
        }

        if (outboxPath is null || central is null)
        {
            Console.Error.WriteLine("fleet-agent soak: --outbox FILE and --central URL are required");
            return 2;
        }

        var clock = TimeProvider.System;
        using var outbox = SqliteOutbox.Open(outboxPath, 64L * 1024 * 1024, NullLogger<SqliteOutbox>.Instance, clock, AgentVersion.Value);
        using var channel = CentralConnection.CreateChannel(central);
        var connection = new CentralConnection(
            new AgentGatewayService.Client(channel.CreateCallInvoker()),
            new DeviceIdentity("soak-device", "soak-secret", "soak-vehicle", "Soak", "", ""));
        using var uploader = new BatchUploader(outbox, connection, NullLogger<BatchUploader>.Instance, clock)
        {
            Backoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)),
            IdlePoll = TimeSpan.FromMilliseconds(50),
            CallTimeout = TimeSpan.FromSeconds(5),
        };

        if (drain)
        {
            return await DrainAsync(outbox, uploader).ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var sealer = new BatchSealer(outbox, uploader, TimeSpan.FromMilliseconds(batchMs), clock);
        var sealing = sealer.RunSealAsync(stop.Token);
        var uploading = uploader.RunUploadAsync(stop.Token);
        Console.Out.WriteLine("ready");
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = (run * IdsPerRun) + n;
            await outbox.AppendAsync(SoakSample(clock.GetUtcNow().ToUnixTimeMilliseconds(), id), CancellationToken.None).ConfigureAwait(false);
            Console.Out.WriteLine("committed " + id.ToString(CultureInfo.InvariantCulture));
            try
            {
                await Task.Delay(sampleMs, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(sealing, uploading).ConfigureAwait(false);
        return 0;
    }

    public static HealthSample SoakSample(long unixMs, long id) => new(unixMs, 400, 350, 100, 200, (ulong)id, 1, 0);

    private static async Task<int> DrainAsync(SqliteOutbox outbox, BatchUploader uploader)
    {
        await outbox.SealAsync().ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!deadline.IsCancellationRequested)
        {
            var result = await uploader.TryUploadOldestAsync(deadline.Token).ConfigureAwait(false);
            if (result is null)
            {
                Console.Out.WriteLine("drained");
                return 0;
            }

            if (result is false)
            {
                await Task.Delay(uploader.Backoff.NextDelay(), deadline.Token).ConfigureAwait(false);
            }
        }

        Console.Error.WriteLine("fleet-agent soak: outbox not drained within 60 s");
        return 1;
    }
}
