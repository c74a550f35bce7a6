namespace Fleet.Bonding;

/// <summary>
/// Longest-prefix match from inner destination address to session (server downlink). Copy-on-write:
/// lookups (TUN read loop) take no lock and do not allocate; changes (handshakes) rebuild the table.
/// </summary>
internal sealed class PrefixRouteTable<T>
    where T : class
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = new(new Dictionary<(UInt128, int), T>(), []);

    public bool TryLookup(UInt128 address, out T value)
    {
        var snapshot = _snapshot;
        foreach (var length in snapshot.LengthsDescending)
        {
            if (snapshot.Routes.TryGetValue((address & IpPrefix.Mask(length), length), out value!))
            {
                return true;
            }
        }

        value = null!;
        return false;
    }

    public void Set(IEnumerable<IpPrefix> prefixes, T value)
    {
        lock (_writeLock)
        {
            var routes = new Dictionary<(UInt128, int), T>(_snapshot.Routes);
            foreach (var prefix in prefixes)
            {
                routes[(prefix.Network, prefix.Length)] = value;
            }

            Publish(routes);
        }
    }

    public void RemoveAll(T value)
    {
        lock (_writeLock)
        {
            var routes = _snapshot.Routes.Where(r => r.Value != value).ToDictionary(r => r.Key, r => r.Value);
            Publish(routes);
        }
    }

    public int Count => _snapshot.Routes.Count;

    private void Publish(Dictionary<(UInt128, int), T> routes) =>
        _snapshot = new Snapshot(routes, [.. routes.Keys.Select(k => k.Item2).Distinct().OrderDescending()]);

    private sealed record Snapshot(Dictionary<(UInt128, int), T> Routes, int[] LengthsDescending);
}
