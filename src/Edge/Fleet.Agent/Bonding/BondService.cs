using System.Net;
using System.Runtime.InteropServices;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Bonding;

/// <summary>
/// The agent's data plane: TUN + one <see cref="UdpDatagramLink"/> per present uplink + the engine's
/// <see cref="BondingClient"/>. Uplinks are re-checked every second: a modem that comes up is added, one
/// whose address vanished is removed (the engine also notices silence on its own within ~250 ms).
/// </summary>
public sealed partial class BondService(
    IOptions<BondOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<BondService> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private readonly Dictionary<int, (UdpDatagramLink Link, UplinkWatcher.UplinkBinding Binding)> _open = [];
    private BondingClient? _client;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        LinuxTunOptions.TryParseCidr(o.TunIp, out var tunAddress, out var prefixLength, out _);
        BondOptionsValidator.TryLoadServerKey(o.ServerKey, out var serverKey, out _);
        var server = IPEndPoint.Parse(o.Server);
        var uplinks = o.UplinkList;

        LinuxTunDevice? tun = null;
        StaticKeyPair? key = null;
        try
        {
            key = StaticKeyPair.FromPem(await File.ReadAllTextAsync(o.KeyFile, stoppingToken));
            tun = LinuxTunDevice.Open(new LinuxTunOptions { Name = o.TunName, Mtu = o.TunMtu, Address = tunAddress, PrefixLength = prefixLength });
            var clientOptions = new BondingClientOptions { ServerPublicKey = serverKey, Bonding = new BondingOptions
            {
                Mode = o.Mode, CommonDelayRelease = o.CommonDelayRelease, PlayoutHeadroom = TimeSpan.FromMilliseconds(o.PlayoutHeadroomMs),
            } };
            _client = new BondingClient(tun, [], key, clientOptions, time, loggerFactory);
            RefreshUplinks(uplinks, server);
            LogStarted(logger, o.Server, tun.Name, o.TunIp, string.Join(' ', uplinks));
            using var dump = PosixSignalRegistration.Create(SigUsr1, c => { c.Cancel = true; DumpStats(); }); // Cancel: SIGUSR1 would otherwise terminate
            await Task.WhenAll(
                _client.RunAsync(stoppingToken),
                RunUplinkWatchAsync(uplinks, server, stoppingToken),
                RunStatsAsync(o.StatsIntervalSeconds, stoppingToken));
        }
        catch (Exception e) when (e is TunDeviceException or IOException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            LogStartFailed(logger, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutdown
        }
        finally
        {
            if (_client is not null) DumpStats();
            _client?.Dispose();
            foreach (var (link, _) in _open.Values) link.Dispose();
            tun?.Dispose();
            key?.Dispose();
        }
    }

    private async Task RunUplinkWatchAsync(IReadOnlyList<string> uplinks, IPEndPoint server, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) RefreshUplinks(uplinks, server);
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
    }

    /// <summary>Opens uplinks that became usable, closes those whose address or device vanished or changed.</summary>
    private void RefreshUplinks(IReadOnlyList<string> uplinks, IPEndPoint server)
    {
        if (_client is null) return;
        for (var id = 0; id < uplinks.Count; id++)
        {
            var present = UplinkWatcher.TryResolve(uplinks[id], out var binding);
            if (_open.TryGetValue(id, out var open))
            {
                if (present && open.Binding == binding) continue;
                _client.RemoveLink(id);
                open.Link.Dispose();
                _open.Remove(id);
                LogUplinkGone(logger, id, uplinks[id]);
            }
            if (!present) continue;
            try
            {
                var link = UdpDatagramLink.Open(id, uplinks[id], server, binding.Address, binding.Device);
                _open[id] = (link, binding);
                _client.AddLink(link);
                LogUplinkAdded(logger, id, uplinks[id], link.LocalEndPoint.ToString());
            }
            catch (System.Net.Sockets.SocketException e)
            {
                LogUplinkOpenFailed(logger, id, uplinks[id], e.Message);
            }
        }
    }

    private async Task RunStatsAsync(int intervalSeconds, CancellationToken ct)
    {
        if (intervalSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) LogSnapshot();
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
    }

    private void LogSnapshot()
    {
        if (_client is null) return;
        var s = _client.Snapshot();
        LogSession(logger, s.IsEstablished, s.TxPackets, s.RxPackets, s.Drops.Values.Sum(),
            string.Join(' ', s.Links.Select(l => $"{l.LinkId}:{l.State}@{l.RateBitsPerSecond / 1e6:F1}M/owd{l.OwdSmoothedMs:F0}ms/loss{l.LossFraction:P0}")));
    }

    /// <summary>One machine-readable line on stdout for the benchmark: packets and bytes allocated so far.</summary>
    private void DumpStats()
    {
        if (_client is null) return;
        var s = _client.Snapshot();
        Console.Out.WriteLine($"stats: established={s.IsEstablished} packets={s.TxPackets + s.RxPackets} tx_bytes={s.TxBytes} " +
                              $"rx_bytes={s.RxBytes} allocated_bytes={GC.GetTotalAllocatedBytes(precise: true)} " +
                              $"gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}");
        Console.Out.Flush();
        LogSnapshot();
    }
}
