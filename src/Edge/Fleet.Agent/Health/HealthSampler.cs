using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Health;

/// <summary>Samples CPU/SSD temperature, load, memory, disk space, SMART and interface counters every SampleInterval.</summary>
public sealed partial class HealthSampler : BackgroundService, IHealthSampler
{
    private readonly HealthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HealthSampler> _logger;
    private readonly TemperatureReader _temperatures;
    private readonly ProcReader _proc;
    private readonly NetInterfaceReader _net;
    private readonly SmartctlReader _smart;
    private volatile HealthSnapshot? _current;

    public HealthSampler(IOptions<HealthOptions> options, IProcessRunner runner, TimeProvider time, ILogger<HealthSampler> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _temperatures = new TemperatureReader(_options.SysRoot);
        _proc = new ProcReader(_options.ProcRoot);
        _net = new NetInterfaceReader(_options.SysRoot, [.. _options.Interfaces]);
        _smart = new SmartctlReader(runner, _options.SmartctlPath);
    }

    public HealthSnapshot? Current => _current;

    public event EventHandler<HealthSnapshot>? Sampled;

    public async Task<HealthSnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        var smart = new List<SmartStatus>();
        foreach (var device in _options.SmartDevices)
        {
            if (await _smart.ReadAsync(device, cancellationToken).ConfigureAwait(false) is { } status)
            {
                smart.Add(status);
            }
        }

        var ssd = _temperatures.SsdCelsius() ?? smart.Select(s => s.TemperatureC).Where(t => t is not null).Max();
        var snapshot = new HealthSnapshot(_time.GetUtcNow(), _temperatures.CpuCelsius(), ssd, _proc.Cpu(), _proc.Memory(), Disks(), smart, _net.Read());
        _current = snapshot;
        Sampled?.Invoke(this, snapshot);
        return snapshot;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SampleInterval, _time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad sample (a sensor driver misbehaving) must not stop health reporting.
                    LogSampleFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private List<DiskUsage> Disks()
    {
        var disks = new List<DiskUsage>();
        foreach (var path in _options.DiskPaths)
        {
            try
            {
                var drive = new DriveInfo(path);
                if (drive.IsReady)
                {
                    disks.Add(new DiskUsage(path, drive.TotalSize, drive.AvailableFreeSpace));
                }
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // Unmounted data partition: simply not reported this round.
            }
        }

        return disks;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Health sample failed")]
    private partial void LogSampleFailed(Exception exception);
}
