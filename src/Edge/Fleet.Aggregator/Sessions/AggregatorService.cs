using System.Net;
using System.Runtime.InteropServices;
using Fleet.Aggregator.Keys;
using Fleet.Aggregator.Nat;
using Fleet.Aggregator.Options;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Aggregator.Sessions;

/// <summary>
/// The aggregation server: one TUN device and one UDP listener shared by every agent session, driven by the
/// bonding engine's server façade; NAT to the upstream interface; per-session statistics every
/// StatsIntervalSeconds and on SIGUSR1 (with process allocation counters, for the benchmark).
/// </summary>
public sealed partial class AggregatorService(
    IOptions<AggregatorOptions> options,
    NftablesNat nat,
    AggregatorRuntime runtime,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<AggregatorService> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private BondingServer? _server;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        LinuxTunOptions.TryParseCidr(o.TunIp, out var tunAddress, out var prefixLength, out _);
        var peers = o.Peers.Select(p => { PeerSpec.TryParse(p, out var spec, out _); return spec; }).ToList();

        LinuxTunDevice? tun = null;
        UdpDatagramListener? listener = null;
        StaticKeyPair? key = null;
        var natEnabled = false;
        try
        {
            key = KeygenCommand.Load(o.KeyFile);
            tun = LinuxTunDevice.Open(new LinuxTunOptions { Name = o.TunName, Mtu = o.TunMtu, Address = tunAddress, PrefixLength = prefixLength });
            listener = UdpDatagramListener.Bind(IPEndPoint.Parse(o.Listen));
            var authorizer = runtime.Authorizer;
            foreach (var peer in peers)
            {
                authorizer.Add(peer.PublicKey, new PeerGrant(peer.Name, peer.Prefixes));
                foreach (var prefix in peer.PrefixTexts)
                {
                    var (ok, error) = KernelRoutes.Replace(prefix, tun.Name);
                    if (!ok) LogRouteFailed(logger, prefix, tun.Name, error);
                }
            }
            var natSources = peers.SelectMany(p => p.PrefixTexts).Concat(o.Central.Length > 0 ? [o.AgentPool] : []);
            if (o.NatOut.Length > 0) natEnabled = nat.Setup(o.NatOut, natSources);

            _server = new BondingServer(tun, listener, key, authorizer,
                new BondingServerOptions
                {
                    Bonding = new BondingOptions { CommonDelayRelease = o.CommonDelayRelease, PlayoutHeadroom = TimeSpan.FromMilliseconds(o.PlayoutHeadroomMs) },
                }, time, loggerFactory);
            LogStarted(logger, listener.LocalEndPoint.ToString(), tun.Name, o.TunIp, peers.Count);
            var server = _server;
            runtime.MarkStarted(new RunningServer(tun.Name, key.PublicKey, server.Snapshot));
            using var dump = PosixSignalRegistration.Create(SigUsr1, c => { c.Cancel = true; DumpStats(); }); // Cancel: SIGUSR1 would otherwise terminate
            await Task.WhenAll(_server.RunAsync(stoppingToken), RunStatsAsync(o.StatsIntervalSeconds, stoppingToken));
        }
        catch (Exception e) when (e is TunDeviceException or System.Net.Sockets.SocketException or InvalidDataException or IOException)
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
            if (_server is not null) DumpStats();
            if (natEnabled) nat.Cleanup();
            _server?.Dispose();
            listener?.Dispose();
            tun?.Dispose();
            key?.Dispose();
        }
    }

    private async Task RunStatsAsync(int intervalSeconds, CancellationToken ct)
    {
        if (intervalSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) LogSessions();
        }
        catch (OperationCanceledException)
        {
            // shutdown
        }
    }

    private void LogSessions()
    {
        if (_server is null) return;
        foreach (var s in _server.Snapshot())
        {
            LogSession(logger, s.PeerName, s.LocalSessionId, s.IsEstablished, s.TxPackets, s.TxBytes, s.RxPackets, s.RxBytes,
                s.Drops.Values.Sum(), string.Join(' ', s.Links.Select(l => $"{l.LinkId}:{l.State}@{l.RateBitsPerSecond / 1e6:F1}M/owd{l.OwdSmoothedMs:F0}ms")));
        }
    }

    /// <summary>One machine-readable line on stdout: packets through the engine and bytes allocated so far.</summary>
    private void DumpStats()
    {
        if (_server is null) return;
        var snapshots = _server.Snapshot();
        var packets = snapshots.Sum(s => s.TxPackets + s.RxPackets);
        Console.Out.WriteLine($"stats: sessions={snapshots.Count} packets={packets} " +
                              $"tx_bytes={snapshots.Sum(s => s.TxBytes)} rx_bytes={snapshots.Sum(s => s.RxBytes)} " +
                              $"allocated_bytes={GC.GetTotalAllocatedBytes(precise: true)} gen0={GC.CollectionCount(0)} " +
                              $"gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}");
        Console.Out.Flush();
        LogSessions();
    }
}
