using Fleet.Agent.Tests.Modems;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;

namespace Fleet.Agent.Tests.Coverage;

/// <summary>The real bonding engine (client and server) over in-memory links on a manual clock, stepped by
/// hand: what the scheduler makes of a link's hint is observed through its snapshot.</summary>
internal sealed class BondPair : IDisposable
{
    private readonly byte[] _buffer = new byte[BondingProtocol.ReceiveBufferSize];
    private readonly TimeSpan _tick;
    private long _lastTick;

    public BondPair(int links, ManualClock clock, BondingOptions options)
    {
        Clock = clock;
        _tick = options.TickInterval;
        var authorizer = new StaticPeerAuthorizer();
        authorizer.Add(AgentKey.PublicKey, new PeerGrant("bus", [IpPrefix.Parse("10.254.0.2/32")]));
        Listener = new MemoryDatagramListener("srv", clock);
        Links = [.. Enumerable.Range(0, links).Select(i => Listener.Connect(i, $"wwan{i}",
            new LinkConditions { RateBitsPerSecond = 20e6, Delay = TimeSpan.FromMilliseconds(20), Seed = 10 + i },
            new LinkConditions { Delay = TimeSpan.FromMilliseconds(20), Seed = 50 + i }))];
        Server = new BondingServer(new MemoryTunDevice("srv"), Listener, ServerKey, authorizer, new BondingServerOptions { Bonding = options }, clock);
        Client = new BondingClient(new MemoryTunDevice("cli"), Links, AgentKey,
            new BondingClientOptions { ServerPublicKey = ServerKey.PublicKey, Bonding = options }, clock);
        _lastTick = clock.GetTimestamp();
    }

    public ManualClock Clock { get; }

    public StaticKeyPair ServerKey { get; } = StaticKeyPair.Generate();

    public StaticKeyPair AgentKey { get; } = StaticKeyPair.Generate();

    public MemoryDatagramListener Listener { get; }

    public MemoryDatagramLink[] Links { get; }

    public BondingServer Server { get; }

    public BondingClient Client { get; }

    public void Run(TimeSpan duration, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Pump();
            Clock.Advance(step);
            Pump();
            if (Clock.GetElapsedTime(_lastTick) >= _tick)
            {
                _lastTick = Clock.GetTimestamp();
                Client.Session.Tick();
                Server.Tick();
                Pump();
            }
        }
    }

    public void Establish()
    {
        Client.StartHandshakeIfDue();
        for (var i = 0; i < 300; i++)
        {
            Run(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(1));
            if (Client.IsEstablished && Client.Snapshot().Links.All(l => l.State == LinkState.Up))
                return;
        }
        throw new InvalidOperationException("bond not established: " + string.Join(",", Client.Snapshot().Links.Select(l => $"{l.LinkId}:{l.State}")));
    }

    private void Pump()
    {
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
                }
            }
            while (Listener.TryReceiveFrom(_buffer, out var length, out var from))
            {
                Server.ProcessDatagram(_buffer.AsSpan(0, length), from!);
                moved = true;
            }
        }
        while (moved);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        Listener.Dispose();
        foreach (var link in Links)
            link.Dispose();
        ServerKey.Dispose();
        AgentKey.Dispose();
    }
}
