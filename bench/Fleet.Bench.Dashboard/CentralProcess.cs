using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Bench.Dashboard;

/// <summary>Central, started as the real process on loopback ports against the benchmark's private database.</summary>
internal sealed class CentralProcess : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@fleet.local";

    private readonly Process _process;

    private CentralProcess(Process process, string url, string adminPassword)
    {
        _process = process;
        Url = url;
        AdminPassword = adminPassword;
    }

    public string Url { get; }

    public string AdminPassword { get; }

    public static async Task<CentralProcess> StartAsync(BenchOptions options)
    {
        var web = FreePort();
        var grpc = FreePort();
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet", [options.CentralDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ConnectionStrings__Fleet"] = options.Connection,
                ["Central__AdminKey"] = Guid.NewGuid().ToString("N"),
                ["Central__AggregatorRegistrationKey"] = Guid.NewGuid().ToString("N"),
                ["Database__MigrateOnStartup"] = "true",
                ["Users__BootstrapAdmin__Email"] = AdminEmail,
                ["Users__BootstrapAdmin__Password"] = password,
                ["Central__HttpUrl"] = $"http://127.0.0.1:{web}",
                ["Central__GrpcUrl"] = $"http://127.0.0.1:{grpc}",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start central");
        // Drain its output so it never blocks on a full pipe; warnings go to our stderr.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[central] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[central] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var central = new CentralProcess(process, $"http://127.0.0.1:{web}/", password);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"central exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync(central.Url + "healthz")).IsSuccessStatusCode)
                    return central;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                await central.DisposeAsync();
                throw new TimeoutException("central did not get healthy within 120 s");
            }
            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
