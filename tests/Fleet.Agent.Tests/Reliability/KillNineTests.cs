using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests.Reliability;

/// <summary>
/// The real agent binary (`fleet-agent soak`: real SQLite outbox, sealer, uploader, gRPC) killed with SIGKILL
/// 100 times at random points while it samples, seals and uploads, restarted on the same outbox each time.
/// Every sample it reported as committed must be stored at central exactly once.
/// </summary>
public sealed class KillNineTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 100;
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-kill9-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Soak_KilledHundredTimes_EveryCommittedSampleStoredExactlyOnce()
    {
        await using var central = new StandInCentral(StandInCentral.FreePort());
        await central.StartAsync();
        var outbox = Path.Combine(_dir, "outbox.db");
        var committed = new HashSet<long>();
        var random = new Random(unchecked((int)DateTime.UtcNow.Ticks));
        var total = Stopwatch.StartNew();

        for (var run = 1; run <= Kills; run++)
        {
            // 0-350 ms after ready: early kills land in open/first samples, later ones in seals (every 60 ms) and uploads.
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 350));
            var lines = await RunUntilKilledAsync(["soak", "--outbox", outbox, "--central", central.Address.ToString(), "--run", run.ToString(CultureInfo.InvariantCulture), "--sample-ms", "1", "--batch-ms", "60"], delay);
            output.WriteLine($"run {run}: killed {delay.TotalMilliseconds:F0} ms after ready, {lines.Count(l => l.StartsWith("committed ", StringComparison.Ordinal))} samples committed");
            foreach (var line in lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)))
            {
                Assert.True(committed.Add(long.Parse(line["committed ".Length..], CultureInfo.InvariantCulture)), "the agent printed one id twice: " + line);
            }
        }

        // One clean run ships whatever the last kill left behind.
        var (exit, drainOutput) = await RunToEndAsync(["soak", "--outbox", outbox, "--central", central.Address.ToString(), "--drain"], TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, "drain failed: " + drainOutput);

        var stored = central.StoredSampleIds();
        var storedOnce = stored.GroupBy(id => id).Count(g => g.Count() == 1);
        var storedTwice = stored.GroupBy(id => id).Count(g => g.Count() > 1);
        var missing = committed.Where(id => !stored.Contains(id)).ToList();
        output.WriteLine($"kills: {Kills}; samples committed: {committed.Count}; stored once: {storedOnce}; stored twice or more: {storedTwice}; " +
                         $"committed but missing: {missing.Count}; batches stored: {central.StoredCount}; duplicate uploads answered: {central.DuplicateUploads}; took {total.Elapsed.TotalSeconds:F0} s");

        Assert.True(committed.Count > Kills, $"too few samples committed ({committed.Count}) for the test to mean anything");
        Assert.Empty(missing);
        Assert.Equal(0, storedTwice);
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        // The agent's dll sits next to the tests; run it with the test host's runtime config and deps, which
        // carry the shared frameworks and packages it needs whatever the build layout (--artifacts-path or not).
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Agent.Tests.runtimeconfig.json"));
        psi.ArgumentList.Add("--depsfile");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Agent.Tests.deps.json"));
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fleet.Agent.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_TieredPGO"] = "0";
        return psi;
    }

    /// <summary>Starts the agent, waits for "ready" plus <paramref name="delay"/>, SIGKILLs it, returns every stdout line.</summary>
    private static async Task<List<string>> RunUntilKilledAsync(string[] args, TimeSpan delay)
    {
        using var p = Process.Start(StartInfo(args))!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            while (await p.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line == "ready")
                {
                    ready.TrySetResult();
                }
            }

            ready.TrySetResult();
        });
        _ = p.StandardError.ReadToEndAsync();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(delay);
        p.Kill(); // SIGKILL on Linux: no shutdown code runs
        await p.WaitForExitAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(0, p.ExitCode); // it must not have ended on its own
        return lines;
    }

    private static async Task<(int Exit, string Output)> RunToEndAsync(string[] args, TimeSpan timeout)
    {
        using var p = Process.Start(StartInfo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
