using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Tun;
using Fleet.Contracts.Agents;
using Google.Protobuf;

namespace Fleet.Agent.Tests.Bonding;

/// <summary>
/// An aggregation server as the tunnels see one: the real bonding engine's server on a real UDP socket on
/// 127.0.0.1, with an in-memory TUN standing in for its internet side. <see cref="GoSilentAsync"/> stops it
/// the way a crashed or cut-off server stops: the socket closes and nothing answers any more.
/// </summary>
internal sealed class LoopbackAggregator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly UdpDatagramListener _listener;
    private readonly BondingServer _server;
    private readonly StaticKeyPair _key = StaticKeyPair.Generate();
    private readonly Task _run;

    public LoopbackAggregator(string name, byte[] agentPublicKey, string agentPrefix)
    {
        Name = name;
        var authorizer = new StaticPeerAuthorizer();
        authorizer.Add(agentPublicKey, new PeerGrant("bus-12", [IpPrefix.Parse(agentPrefix)]));
        _listener = UdpDatagramListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = _listener.LocalEndPoint; // kept: central still names a server after it went silent
        _server = new BondingServer(Tun, _listener, _key, authorizer, new BondingServerOptions());
        _run = _server.RunAsync(_stop.Token);
    }

    public string Name { get; }

    /// <summary>The server's internet side: what the vehicle sent through the tunnel comes out here.</summary>
    public MemoryTunDevice Tun { get; } = new("srv", writeCapacity: 1_000_000);

    public IPEndPoint Endpoint { get; }

    /// <summary>How central describes this server in an assignment (key as SubjectPublicKeyInfo, as on the wire).</summary>
    public AggregationServer Describe()
    {
        using var ecdh = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = _key.PublicKey[..32], Y = _key.PublicKey[32..] },
        });
        return new AggregationServer
        {
            ServerId = "srv-" + Name,
            Name = Name,
            Region = "test",
            Endpoints = { Endpoint.ToString() },
            PublicKey = ByteString.CopyFrom(ecdh.ExportSubjectPublicKeyInfo()),
        };
    }

    /// <summary>Sequence numbers of the test packets that came out of the tunnel so far.</summary>
    public List<uint> Delivered()
    {
        while (Tun.TryTakeWritten(out var packet))
        {
            if (packet.Length >= 32)
                _delivered.Add(BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(28)));
        }

        return _delivered;
    }

    private readonly List<uint> _delivered = [];

    public async Task GoSilentAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _run.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await GoSilentAsync();
        _server.Dispose();
        Tun.Dispose();
        _key.Dispose();
        _stop.Dispose();
    }
}
