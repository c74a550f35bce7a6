using System.Net.Sockets;
using System.Threading.Channels;
using Fleet.Agent.Sync;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;
using Fleet.Contracts.Agents;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Bonding;

/// <summary>
/// The agent's tunnels follow central's assignment without a restart: when the primary changes (central
/// drained a server that missed heartbeats) every uplink socket is re-opened towards the new server's endpoint
/// and a fresh handshake runs with its key, on the same TUN device. Independently of central, a tunnel that has
/// carried nothing for <c>failoverSilence</c> moves to the other server of the assignment, so a server that dies
/// while central is also out of reach still costs seconds, not an outage. Uplinks are re-checked every tick.
/// </summary>
public sealed partial class AssignedTunnels(
    ITunDevice tun,
    StaticKeyPair key,
    IReadOnlyList<string> uplinks,
    BondingOptions bonding,
    TimeSpan failoverSilence,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger<AssignedTunnels>();
    private readonly Channel<Assignment> _assignments = Channel.CreateUnbounded<Assignment>(new UnboundedChannelOptions { SingleReader = true });
    private volatile Tunnel? _tunnel;
    private long _repoints;

    /// <summary>Carried over to every client the tunnels create (coverage hints survive a re-point).</summary>
    public ILinkHintSource? HintSource { get; set; }

    /// <summary>The server the tunnels point at now (null before the first usable assignment).</summary>
    public TunnelTarget? Target => _tunnel?.Target;

    /// <summary>The current bonding client; replaced on every re-point.</summary>
    public BondingClient? Client => _tunnel?.Client;

    public long Repoints => Interlocked.Read(ref _repoints);

    /// <summary>Raised on the run loop after the tunnels moved (new client created, handshake under way).</summary>
    public event EventHandler<TunnelTarget>? Repointed;

    /// <summary>Queues an assignment; <see cref="RunTunnelsAsync"/> acts on it in order.</summary>
    public void Assign(Assignment assignment) => _assignments.Writer.TryWrite(assignment);

    /// <summary>Follows <paramref name="assignments"/> (its current value, then every change) until cancelled.</summary>
    public async Task RunTunnelsAsync(IAssignmentProvider assignments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        void OnChanged(object? sender, Assignment a) => Assign(a);
        assignments.Changed += OnChanged;
        try
        {
            if (assignments.Current is { } current)
                Assign(current);
            await RunTunnelsAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            assignments.Changed -= OnChanged;
        }
    }

    /// <summary>Acts on queued assignments and watches the tunnel's health until cancelled.</summary>
    public async Task RunTunnelsAsync(CancellationToken ct)
    {
        (TunnelTarget? Primary, TunnelTarget? Backup) servers = default;
        using var timer = new PeriodicTimer(CheckInterval, time);
        var tick = timer.WaitForNextTickAsync(ct).AsTask();
        var next = _assignments.Reader.ReadAsync(ct).AsTask();
        try
        {
            while (true)
            {
                if (await Task.WhenAny(tick, next).ConfigureAwait(false) == next)
                {
                    var assignment = await next.ConfigureAwait(false);
                    next = _assignments.Reader.ReadAsync(ct).AsTask();
                    servers = await ApplyAsync(assignment, servers, ct).ConfigureAwait(false);
                }
                else
                {
                    if (!await tick.ConfigureAwait(false))
                        return;
                    tick = timer.WaitForNextTickAsync(ct).AsTask();
                    if (_tunnel is { } t)
                        RefreshUplinks(t);
                    await FailOverIfSilentAsync(servers, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutdown
        }
        finally
        {
            await StopTunnelAsync().ConfigureAwait(false);
        }
    }

    private async Task<(TunnelTarget?, TunnelTarget?)> ApplyAsync(Assignment assignment, (TunnelTarget? Primary, TunnelTarget? Backup) previous, CancellationToken ct)
    {
        var (primary, primaryError) = await TunnelTarget.ResolveAsync(assignment.Primary, ct).ConfigureAwait(false);
        var (backup, _) = await TunnelTarget.ResolveAsync(assignment.Backup, ct).ConfigureAwait(false);
        if (primary is null)
        {
            // Keep whatever tunnel runs: a broken assignment is no reason to cut the vehicle off.
            LogBadAssignment(_logger, assignment.Revision, primaryError ?? "no primary");
            return backup is null ? previous : (previous.Primary, backup);
        }

        var current = _tunnel?.Target;
        if (!primary.SameAs(current) && !(backup is not null && backup.SameAs(current) && primary.SameAs(previous.Primary)))
            await RepointAsync(primary, $"assignment revision {assignment.Revision}", ct).ConfigureAwait(false);
        return (primary, backup);
    }

    private async Task FailOverIfSilentAsync((TunnelTarget? Primary, TunnelTarget? Backup) servers, CancellationToken ct)
    {
        if (_tunnel is not { } t)
            return;
        var now = time.GetTimestamp();
        if (t.Links.Count == 0 || (t.Client.IsEstablished && t.Client.Snapshot().Links.Any(l => l.State is LinkState.Up or LinkState.Degraded)))
        {
            t.LastAlive = now; // no uplink at all is the modems' problem, not the server's
            return;
        }

        var silent = time.GetElapsedTime(t.LastAlive, now);
        if (silent < failoverSilence)
            return;
        var other = t.Target.SameAs(servers.Primary) ? servers.Backup : servers.Primary;
        if (other is null || other.SameAs(t.Target))
        {
            t.LastAlive = now; // nowhere else to go: keep trying this one
            return;
        }

        LogFailover(_logger, t.Target.Name, silent.TotalSeconds, other.Name);
        await RepointAsync(other, $"failover after {silent.TotalSeconds:0.0} s of silence", ct).ConfigureAwait(false);
    }

    private async Task RepointAsync(TunnelTarget target, string reason, CancellationToken ct)
    {
        await StopTunnelAsync().ConfigureAwait(false);
        var client = new BondingClient(tun, [], key, new BondingClientOptions { ServerPublicKey = target.PublicKey, Bonding = bonding }, time, loggerFactory)
        {
            HintSource = HintSource,
        };
        var tunnel = new Tunnel(target, client, CancellationTokenSource.CreateLinkedTokenSource(ct), time.GetTimestamp());
        RefreshUplinks(tunnel);
        tunnel.Run = client.RunAsync(tunnel.Stop.Token);
        _tunnel = tunnel;
        Interlocked.Increment(ref _repoints);
        LogRepointed(_logger, target.Name, target.ServerId, target.Endpoint.ToString(), reason);
        Repointed?.Invoke(this, target);
    }

    private async Task StopTunnelAsync()
    {
        if (_tunnel is not { } t)
            return;
        _tunnel = null;
        await t.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await t.Run.WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // the sockets are closed below either way
        }

        foreach (var (link, _) in t.Links.Values)
            link.Dispose();
        t.Client.Dispose();
        t.Stop.Dispose();
    }

    /// <summary>Opens uplinks that became usable towards the tunnel's server, closes those that vanished or changed.</summary>
    private void RefreshUplinks(Tunnel t)
    {
        for (var id = 0; id < uplinks.Count; id++)
        {
            var present = UplinkWatcher.TryResolve(uplinks[id], out var binding);
            if (t.Links.TryGetValue(id, out var open))
            {
                if (present && open.Binding == binding)
                    continue;
                t.Client.RemoveLink(id);
                open.Link.Dispose();
                t.Links.Remove(id);
                LogUplinkGone(_logger, id, uplinks[id]);
            }

            if (!present)
                continue;
            try
            {
                var link = UdpDatagramLink.Open(id, uplinks[id], t.Target.Endpoint, binding.Address, binding.Device);
                t.Links[id] = (link, binding);
                t.Client.AddLink(link);
                LogUplinkAdded(_logger, id, uplinks[id], link.LocalEndPoint.ToString());
            }
            catch (SocketException e)
            {
                LogUplinkOpenFailed(_logger, id, uplinks[id], e.Message);
            }
        }
    }

    private sealed class Tunnel(TunnelTarget target, BondingClient client, CancellationTokenSource stop, long startedAt)
    {
        public TunnelTarget Target { get; } = target;

        public BondingClient Client { get; } = client;

        public CancellationTokenSource Stop { get; } = stop;

        public Dictionary<int, (UdpDatagramLink Link, UplinkWatcher.UplinkBinding Binding)> Links { get; } = [];

        public Task Run { get; set; } = Task.CompletedTask;

        public long LastAlive { get; set; } = startedAt;
    }
}
