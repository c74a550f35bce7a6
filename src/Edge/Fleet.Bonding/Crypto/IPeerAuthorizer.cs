
namespace Fleet.Bonding.Crypto;

/// <summary>What an authenticated peer may do: its name for logs/metrics and the inner source prefixes
/// it may send from (and that downlink traffic is routed to it by), like WireGuard's AllowedIPs.</summary>
public sealed record PeerGrant(string PeerName, IReadOnlyList<IpPrefix> AllowedSources);

/// <summary>Server side: decides whether a handshake's (already proven) static public key is a known agent.</summary>
public interface IPeerAuthorizer
{
    bool TryAuthorize(ReadOnlySpan<byte> publicKey, out PeerGrant grant);
}

/// <summary>A fixed table of keys; thread-safe; entries can change at run time (assignment updates).</summary>
public sealed class StaticPeerAuthorizer : IPeerAuthorizer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PeerGrant> _grants = new(StringComparer.Ordinal);

    public void Add(ReadOnlySpan<byte> publicKey, PeerGrant grant)
    {
        lock (_lock)
        {
            _grants[Convert.ToBase64String(publicKey)] = grant;
        }
    }

    public bool Remove(ReadOnlySpan<byte> publicKey)
    {
        lock (_lock)
        {
            return _grants.Remove(Convert.ToBase64String(publicKey));
        }
    }

    public bool TryAuthorize(ReadOnlySpan<byte> publicKey, out PeerGrant grant)
    {
        lock (_lock)
        {
            return _grants.TryGetValue(Convert.ToBase64String(publicKey), out grant!);
        }
    }
}
