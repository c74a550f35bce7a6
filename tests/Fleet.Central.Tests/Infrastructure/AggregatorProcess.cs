using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>
/// The real aggregation server (src/Edge/Fleet.Aggregator) as its own OS process, registered with a test
/// central: its own key, a TUN device (the tests run as root) and a loopback UDP listener. Its log lines are
/// kept so tests can wait for what it reports.
/// </summary>
public sealed partial class AggregatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _directory;

    private AggregatorProcess(Process process, string directory, string serverId)
    {
        _process = process;
        _directory = directory;
        ServerId = serverId;
    }

    public string ServerId { get; }

    public string Log => string.Join('\n', _lines);

    /// <summary>Starts a server named <paramref name="name"/> and waits until central has registered it.</summary>
    public static async Task<AggregatorProcess> StartAsync(Uri central, string name, TimeSpan patience)
    {
        var dll = Locate();
        var directory = Directory.CreateTempSubdirectory("fleet-agg-").FullName;
        var keygen = await RunAsync(dll, ["keygen", "--out", Path.Combine(directory, "server")]);
        if (keygen.ExitCode != 0)
            throw new InvalidOperationException($"keygen failed: {keygen.Output}");

        var port = FreeUdpPort();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet",
            [
                dll, "run", "--listen", $"127.0.0.1:{port}", "--tun-ip", "10.254.250.1/30", "--tun-name", "fagg%d",
                "--key-file", Path.Combine(directory, "server.key"), "--central", central.ToString(),
                "--registration-key", CentralFixture.RegistrationKey, "--name", name, "--region", "test", "--stats-interval", "0",
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        var aggregator = default(AggregatorProcess);
        var registered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new ConcurrentQueue<string>();
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            if (RegisteredLine().Match(e.Data) is { Success: true } match) registered.TrySetResult(match.Groups[1].Value);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => registered.TrySetException(new InvalidOperationException($"aggregator {name} exited:\n{string.Join('\n', lines)}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var serverId = await registered.Task.WaitAsync(patience);
            aggregator = new AggregatorProcess(process, directory, serverId);
            foreach (var line in lines) aggregator._lines.Enqueue(line);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) aggregator._lines.Enqueue(e.Data); };
            return aggregator;
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"aggregator {name} did not register within {patience}:\n{string.Join('\n', lines)}");
        }
    }

    /// <summary>Waits until a log line matches <paramref name="pattern"/>.</summary>
    public async Task<string> WaitForLogAsync(Regex pattern, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            if (_lines.FirstOrDefault(pattern.IsMatch) is { } line)
                return line;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no log line matching {pattern} within {patience}:\n{Log}");
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
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The aggregator is built beside this test project: in the artifacts layout
    /// (bin/Fleet.Aggregator/&lt;config&gt;/) or the default one (src/Edge/Fleet.Aggregator/bin/&lt;Config&gt;/net10.0/).</summary>
    private static string Locate()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var candidates = new[]
        {
            Path.Combine(here.Parent!.Parent!.FullName, "Fleet.Aggregator", here.Name, "Fleet.Aggregator.dll"),
            Path.Combine(RepoPaths.Root, "src", "Edge", "Fleet.Aggregator", "bin", here.Parent.Name, here.Name, "Fleet.Aggregator.dll"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Fleet.Aggregator.dll not built; looked at {string.Join(", ", candidates)}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string dll, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static int FreeUdpPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"registered with central \S+ as ([0-9a-f-]{36}) ")]
    private static partial Regex RegisteredLine();
}
