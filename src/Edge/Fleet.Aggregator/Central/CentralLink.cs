using System.Diagnostics;
using System.Security.Cryptography;
using Fleet.Aggregator.Options;
using Fleet.Aggregator.Sessions;
using Fleet.Bonding;
using Fleet.Contracts.Aggregators;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Aggregator.Central;

/// <summary>
/// The server's side of central: register (name, region, endpoints, key, capacity), heartbeat with load and
/// per-session statistics, and admit the devices central streams. Any failure — central restarting, a lost
/// token, a broken stream — ends the round and the server registers again after a jittered backoff, while
/// the data plane keeps carrying the sessions it has.
/// </summary>
public sealed partial class CentralLink(
    IOptions<AggregatorOptions> options,
    AggregatorRuntime runtime,
    TimeProvider time,
    ILogger<CentralLink> logger) : BackgroundService
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Central.Length == 0)
            return;

        RunningServer server;
        try
        {
            server = await runtime.Started.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await RunCentralAsync(o, server, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Register, then heartbeat and watch devices until either fails; again after a backoff.</summary>
    private async Task RunCentralAsync(AggregatorOptions o, RunningServer server, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(o.Central);
        var client = new AggregatorGatewayService.Client(channel.CreateCallInvoker());
        var peers = new DevicePeerTable(runtime.Authorizer);
        var registration = Registration(o, server.PublicKey);
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var registered = await client.RegisterAsync(
                    registration, Bearer(o.RegistrationKey), time.GetUtcNow().UtcDateTime + CallDeadline, ct).ConfigureAwait(false);
                LogRegistered(logger, o.Central, registered.ServerId, o.Name);
                backoff = TimeSpan.FromSeconds(1);

                using var round = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var credentials = Bearer(registered.ServerToken);
                var interval = TimeSpan.FromMilliseconds(Math.Clamp(registered.HeartbeatIntervalMs, 200u, 60_000u));
                var heartbeat = RunHeartbeatAsync(client, registered.ServerId, credentials, interval, server, round.Token);
                var watch = RunDeviceWatchAsync(client, registered.ServerId, credentials, peers, server, round.Token);
                await Task.WhenAny(heartbeat, watch).ConfigureAwait(false);
                await round.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(heartbeat, watch).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                LogCentralFailed(logger, o.Central, e.StatusCode, e.Status.Detail);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(backoff * (0.5 + Random.Shared.NextDouble()), time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>Heartbeats until central refuses or stops answering for several intervals in a row.</summary>
    private async Task RunHeartbeatAsync(
        AggregatorGatewayService.Client client, string serverId, Metadata credentials, TimeSpan interval,
        RunningServer server, CancellationToken ct)
    {
        var load = new LoadMeter(time);
        var failures = 0;
        var draining = false;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    var request = load.Heartbeat(serverId, server.Snapshot());
                    var response = await client.HeartbeatAsync(request, credentials, time.GetUtcNow().UtcDateTime + CallDeadline, ct).ConfigureAwait(false);
                    if (response.Drain && !draining) LogDrainRequested(logger);
                    draining = response.Drain;
                    failures = 0;
                }
                catch (RpcException e) when (e.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.NotFound))
                {
                    // Central briefly away: keep trying on schedule; after a few misses, register again.
                    LogHeartbeatFailed(logger, e.StatusCode, e.Status.Detail);
                    if (++failures >= 3) return;
                }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            LogHeartbeatFailed(logger, e.StatusCode, e.Status.Detail);
        }
    }

    /// <summary>Admits the devices of every set central streams, routing their prefixes into the TUN.</summary>
    private async Task RunDeviceWatchAsync(
        AggregatorGatewayService.Client client, string serverId, Metadata credentials, DevicePeerTable peers,
        RunningServer server, CancellationToken ct)
    {
        try
        {
            using var call = client.WatchDevices(new WatchDevicesRequest { ServerId = serverId }, credentials, cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
            {
                var change = peers.Apply(call.ResponseStream.Current);
                foreach (var prefix in change.NewPrefixes)
                {
                    var (ok, error) = KernelRoutes.Replace(prefix, server.TunName);
                    if (!ok) LogRouteFailed(logger, prefix, server.TunName, error);
                }
                foreach (var skipped in change.Skipped) LogDeviceSkipped(logger, skipped);
                LogDevices(logger, call.ResponseStream.Current.Revision, peers.Count, change.Added, change.Removed);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            LogWatchFailed(logger, e.StatusCode, e.Status.Detail);
        }
    }

    private static RegisterServerRequest Registration(AggregatorOptions o, byte[] publicKey)
    {
        var request = new RegisterServerRequest
        {
            Name = o.Name,
            Region = o.Region,
            PublicKey = ByteString.CopyFrom(SubjectPublicKeyInfo(publicKey)),
            CapacitySessions = (uint)o.CapacitySessions,
            Version = typeof(CentralLink).Assembly.GetName().Version?.ToString() ?? "",
        };
        request.Endpoints.AddRange(o.AnnouncedEndpoints);
        return request;
    }

    /// <summary>The contract carries keys as SubjectPublicKeyInfo.</summary>
    private static byte[] SubjectPublicKeyInfo(byte[] raw)
    {
        using var ecdh = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = raw[..32], Y = raw[32..] },
        });
        return ecdh.ExportSubjectPublicKeyInfo();
    }

    private static Metadata Bearer(string secret) => new() { { "authorization", "Bearer " + secret } };

    /// <summary>Turns cumulative session counters into the rates and load a heartbeat reports.</summary>
    private sealed class LoadMeter(TimeProvider time)
    {
        private long _lastTimestamp = time.GetTimestamp();
        private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
        private long _lastRx;
        private long _lastTx;

        public HeartbeatRequest Heartbeat(string serverId, IReadOnlyList<BondingSnapshot> sessions)
        {
            var now = time.GetTimestamp();
            var elapsed = Math.Max(time.GetElapsedTime(_lastTimestamp, now).TotalSeconds, 1e-3);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long rx = sessions.Sum(s => s.RxBytes), tx = sessions.Sum(s => s.TxBytes);
            var request = new HeartbeatRequest
            {
                ServerId = serverId,
                ActiveSessions = (uint)sessions.Count(s => s.IsEstablished),
                CpuLoad = Math.Clamp((cpu - _lastCpu).TotalSeconds / elapsed / Environment.ProcessorCount, 0, 1),
                RxBps = (ulong)Math.Max(0, (rx - _lastRx) * 8 / elapsed),
                TxBps = (ulong)Math.Max(0, (tx - _lastTx) * 8 / elapsed),
            };
            foreach (var s in sessions)
            {
                request.Sessions.Add(new SessionStats
                {
                    DeviceId = s.PeerName,
                    RxBytes = (ulong)s.RxBytes,
                    TxBytes = (ulong)s.TxBytes,
                    LinksUp = (uint)s.Links.Count(l => l.State == LinkState.Up),
                    Reordered = (ulong)s.Reorder.Reordered,
                    Lost = (ulong)s.Reorder.Lost,
                });
            }
            (_lastTimestamp, _lastCpu, _lastRx, _lastTx) = (now, cpu, rx, tx);
            return request;
        }
    }
}
