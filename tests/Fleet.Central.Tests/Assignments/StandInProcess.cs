using System.Diagnostics;
using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Assignments;

/// <summary>An aggregation-server stand-in (bench/Fleet.Bench.Ingest "standin") running as its own OS
/// process: registers and heartbeats with the real gRPC client until killed.</summary>
public sealed class StandInProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static string? _built;
    private readonly Process _process;

    private StandInProcess(Process process, string serverId)
    {
        _process = process;
        ServerId = serverId;
    }

    public string ServerId { get; }

    public int ProcessId => _process.Id;

    /// <summary>Builds the stand-in once per test run (own artifacts folder: the test's own build output
    /// is in use) and returns the path of its dll.</summary>
    public static async Task<string> BuildAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            if (_built is not null)
                return _built;
            var artifacts = Path.Combine(Path.GetTempPath(), "fleet-standin-build");
            var project = Path.Combine(RepoPaths.Root, "bench", "Fleet.Bench.Ingest");
            var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "--artifacts-path", artifacts, "-v", "q", "-nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = build.StandardOutput.ReadToEndAsync();
            var errors = build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();
            if (build.ExitCode != 0)
                throw new InvalidOperationException($"building the stand-in failed: {await output}{await errors}");
            var dll = Directory.GetFiles(Path.Combine(artifacts, "bin", "Fleet.Bench.Ingest"), "Fleet.Bench.Ingest.dll", SearchOption.AllDirectories).Single();
            return _built = dll;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    public static async Task<StandInProcess> StartAsync(string dll, Uri central, string name, TimeSpan patience)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet",
            [dll, "standin", "--central", central.ToString(), "--key", CentralFixture.RegistrationKey, "--name", name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"stand-in {name} exited: {await process.StandardError.ReadToEndAsync()}");
                if (line.StartsWith("registered ", StringComparison.Ordinal))
                    return new StandInProcess(process, line["registered ".Length..].Trim());
            }
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>kill -9: no goodbye, heartbeats simply stop.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
