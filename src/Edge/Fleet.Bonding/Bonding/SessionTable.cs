using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Fleet.Bonding;

/// <summary>
/// Server-side sessions: by our session id (every transport packet carries it), by the peer's static
/// key (a new handshake from a known agent rekeys or replaces its session) and by inner prefix
/// (downlink routing). Thread-safe; lookups by id and by address do not allocate.
/// </summary>
public sealed class SessionTable
{
    private readonly ConcurrentDictionary<uint, BondingSession> _byId = new();
    private readonly ConcurrentDictionary<string, BondingSession> _byPeer = new(StringComparer.Ordinal);
    private readonly PrefixRouteTable<BondingSession> _routes = new();

    public int Count => _byId.Count;

    /// <summary>Snapshot array, rebuilt on add/remove: the 1-ms playout loop walks it without allocating
    /// (ConcurrentDictionary.Values copies into a new list on every call).</summary>
    private volatile BondingSession[] _all = [];

    public IReadOnlyList<BondingSession> All => _all;

    private void RefreshAll()
    {
        lock (_byId)
        {
            _all = [.. _byId.Values];
        }
    }

    public bool TryGet(uint sessionId, out BondingSession session) => _byId.TryGetValue(sessionId, out session!);

    public BondingSession? FindByPeer(ReadOnlySpan<byte> peerPublicKey) =>
        _byPeer.TryGetValue(Convert.ToBase64String(peerPublicKey), out var session) ? session : null;

    public bool TryRoute(UInt128 destination, out BondingSession session) => _routes.TryLookup(destination, out session);

    /// <summary>A fresh random id not in use (ids are not guessable, which makes blind injection harder).</summary>
    public uint AllocateId()
    {
        while (true)
        {
            var id = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            if (id != 0 && !_byId.ContainsKey(id))
            {
                return id;
            }
        }
    }

    public void Add(BondingSession session, ReadOnlySpan<byte> peerPublicKey, IEnumerable<IpPrefix> routes)
    {
        _byId[session.LocalSessionId] = session;
        _byPeer[Convert.ToBase64String(peerPublicKey)] = session;
        _routes.Set(routes, session);
        RefreshAll();
    }

    public bool Remove(BondingSession session)
    {
        var removed = _byId.TryRemove(session.LocalSessionId, out _);
        foreach (var (key, value) in _byPeer)
        {
            if (value == session)
            {
                _byPeer.TryRemove(key, out _);
            }
        }

        _routes.RemoveAll(session);
        RefreshAll();
        return removed;
    }
}
