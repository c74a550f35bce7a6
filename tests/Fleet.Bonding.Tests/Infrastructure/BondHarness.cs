using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;

namespace Fleet.Bonding.Tests.Infrastructure;

/// <summary>
/// A real BondingClient and BondingServer over in-memory links, driven by hand on a fake clock:
/// every step delivers due datagrams synchronously and ticks both ends on schedule. Deterministic.
/// </summary>
public sealed class BondHarness : IDisposable
{
    private readonly byte[] _buffer = new byte[BondingProtocol.ReceiveBufferSize];
    private readonly TimeSpan _tick;
    private long _lastTickTicks;

    public BondHarness(IReadOnlyList<LinkConditions> up, IReadOnlyList<LinkConditions>? down = null, BondingOptions? options = null)
    {
        Options = options ?? new BondingOptions();
        _tick = Options.TickInterval;
        Authorizer.Add(AgentKey.PublicKey, new PeerGrant("vehicle-7", [IpPrefix.Parse("10.10.0.0/24"), IpPrefix.Parse("10.254.0.2/32")]));
        Listener = new MemoryDatagramListener("srv", Time);
        Links = [.. up.Select((conditions, i) => Listener.Connect(i, $"modem{i}", conditions, down?[i] ?? new LinkConditions { Delay = conditions.Delay, Seed = 50 + i }))];
        Server = new BondingServer(ServerTun, Listener, ServerKey, Authorizer, new BondingServerOptions { Bonding = Options }, Time);
        Client = new BondingClient(ClientTun, Links, AgentKey, new BondingClientOptions { ServerPublicKey = ServerKey.PublicKey, Bonding = Options }, Time);
        _lastTickTicks = Time.GetTimestamp();
    }

    public FakeTimeProvider Time { get; } = new();

    public BondingOptions Options { get; }

    public StaticKeyPair ServerKey { get; } = StaticKeyPair.Generate();

    public StaticKeyPair AgentKey { get; } = StaticKeyPair.Generate();

    public StaticPeerAuthorizer Authorizer { get; } = new();

    public MemoryDatagramListener Listener { get; }

    public MemoryDatagramLink[] Links { get; }

    public MemoryTunDevice ClientTun { get; } = new("cli") { KeepWritten = true };

    public MemoryTunDevice ServerTun { get; } = new("srv") { KeepWritten = true };

    public BondingClient Client { get; }

    public BondingServer Server { get; }

    public BondingSession ServerSession => Server.Sessions.All.Single();

    /// <summary>Delivers every datagram that is due now; returns how many.</summary>
    public int Pump()
    {
        var total = 0;
        bool moved;
        do
        {
            moved = false;
            foreach (var link in Links)
            {
                while (link.TryReceive(_buffer, out var length))
                {
                    Client.ProcessDatagram(_buffer.AsSpan(0, length), link);
                    moved = true;
                    total++;
                }
            }

            while (Listener.TryReceiveFrom(_buffer, out var length, out var from))
            {
                Server.ProcessDatagram(_buffer.AsSpan(0, length), from!);
                moved = true;
                total++;
            }
        }
        while (moved);

        return total;
    }

    /// <summary>Advances the clock in <paramref name="step"/>s for <paramref name="duration"/>, calling
    /// <paramref name="eachStep"/> (elapsed) first, then delivering and ticking.</summary>
    public void Run(TimeSpan duration, Action<TimeSpan>? eachStep = null, TimeSpan? step = null)
    {
        var stepSize = step ?? TimeSpan.FromMilliseconds(1);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += stepSize)
        {
            eachStep?.Invoke(elapsed);
            Pump();
            Time.Advance(stepSize);
            Pump();
            Client.Session.ReleaseDue(); // the daemons' 1-ms playout loops
            Server.ReleaseDue();
            if (Time.GetElapsedTime(_lastTickTicks) >= _tick)
            {
                _lastTickTicks = Time.GetTimestamp();
                Client.Session.Tick();
                Server.Tick();
                Pump();
            }
        }
    }

    /// <summary>Handshake, then run until every link is Up at both ends (or fail).</summary>
    public void Establish(TimeSpan? within = null)
    {
        Client.StartHandshakeIfDue();
        var limit = within ?? TimeSpan.FromSeconds(3);
        var waited = TimeSpan.Zero;
        while (waited < limit)
        {
            Run(TimeSpan.FromMilliseconds(10));
            waited += TimeSpan.FromMilliseconds(10);
            if (Client.IsEstablished && Server.Sessions.Count == 1 && AllUp())
            {
                return;
            }
        }

        throw new InvalidOperationException($"not established: client {Client.IsEstablished}, sessions {Server.Sessions.Count}, " +
            string.Join(",", Client.Snapshot().Links.Select(l => $"{l.LinkId}:{l.State}")));
    }

    public bool AllUp() =>
        Client.Snapshot().Links.All(l => l.State == LinkState.Up)
        && ServerSession.Snapshot().Links.Count == Links.Length
        && ServerSession.Snapshot().Links.All(l => l.State == LinkState.Up);

    public List<byte[]> DrainServerTun()
    {
        var packets = new List<byte[]>();
        while (ServerTun.TryTakeWritten(out var packet))
        {
            packets.Add(packet);
        }

        return packets;
    }

    public List<byte[]> DrainClientTun()
    {
        var packets = new List<byte[]>();
        while (ClientTun.TryTakeWritten(out var packet))
        {
            packets.Add(packet);
        }

        return packets;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        Listener.Dispose();
        foreach (var link in Links)
        {
            link.Dispose();
        }

        ServerKey.Dispose();
        AgentKey.Dispose();
    }

    public static IPEndPoint EndPoint(string text) => IPEndPoint.Parse(text);
}
