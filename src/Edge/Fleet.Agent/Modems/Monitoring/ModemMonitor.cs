using System.Collections.Concurrent;
using Fleet.Agent.Modems.At;
using Fleet.Agent.Health;
using Fleet.Agent.Modems.Gnss;
using Fleet.Agent.Modems.ModemManager;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Modems.Monitoring;

/// <summary>Runs one AT engine and one poller per configured modem and exposes their snapshots.</summary>
public sealed class ModemMonitor : BackgroundService, IModemMonitor
{
    private readonly ModemMonitorOptions _options;
    private readonly ISerialPortOpener _opener;
    private readonly IProcessRunner _processes;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, ModemSnapshot> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IModemGnss> _gnss = new(StringComparer.Ordinal);

    public ModemMonitor(IOptions<ModemMonitorOptions> options, ISerialPortOpener opener, IProcessRunner processes, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _opener = opener;
        _processes = processes;
        _time = time;
        _loggers = loggers;
    }

    public IReadOnlyDictionary<string, ModemSnapshot> Current => _current;

    public event EventHandler<ModemSnapshot>? SnapshotChanged;

    public IModemGnss? Gnss(string modemName) => _gnss.GetValueOrDefault(modemName);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new List<Task>();
        foreach (var endpoint in _options.Endpoints)
        {
            if (endpoint.ModemManagerIndex is { } index)
            {
                var mm = new MmcliPoller(endpoint, index, new MmcliReader(_processes), _options.PollInterval, _time);
                _current[endpoint.Name] = mm.Snapshot;
                mm.Changed += (_, snapshot) =>
                {
                    _current[snapshot.Name] = snapshot;
                    SnapshotChanged?.Invoke(this, snapshot);
                };
                tasks.Add(mm.RunAsync(stoppingToken));
                continue;
            }

            var engineOptions = new AtEngineOptions { DevicePath = endpoint.DevicePath, BaudRate = endpoint.BaudRate, DefaultTimeout = _options.CommandTimeout };
            var engine = new AtCommandEngine(engineOptions, _opener, _time, _loggers.CreateLogger<AtCommandEngine>());
            var poller = new ModemPoller(endpoint, engine, _options.PollInterval, _options.CommandTimeout, _time, _loggers.CreateLogger<ModemPoller>());
            _current[endpoint.Name] = poller.Snapshot;
            poller.Changed += (_, snapshot) =>
            {
                _current[snapshot.Name] = snapshot;
                SnapshotChanged?.Invoke(this, snapshot);
            };
            if (endpoint.Gnss)
            {
                _gnss[endpoint.Name] = new ModemGnssReader(engine, () => poller.Snapshot.Vendor, _options.CommandTimeout);
            }

            tasks.Add(engine.RunAsync(stoppingToken));
            tasks.Add(poller.RunAsync(stoppingToken));
        }

        return Task.WhenAll(tasks);
    }
}
