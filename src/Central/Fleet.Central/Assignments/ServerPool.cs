using Fleet.Central.Aggregators;

namespace Fleet.Central.Assignments;

/// <summary>The servers one planning pass chooses from, with how many vehicles each already carries as
/// primary. Counts move as the pass assigns, so a burst of vehicles spreads out instead of all landing on
/// whichever server was least loaded when the pass began (heartbeats report load only every few seconds).</summary>
public sealed class ServerPool
{
    private readonly Dictionary<Guid, ServerState> _servers;
    private readonly Dictionary<Guid, int> _primaries = new();

    public ServerPool(IEnumerable<ServerState> servers, IReadOnlyDictionary<Guid, int>? primaryCounts = null)
    {
        _servers = servers.ToDictionary(s => s.Server.Id);
        foreach (var id in _servers.Keys)
            _primaries[id] = primaryCounts?.GetValueOrDefault(id) ?? 0;
    }

    public ServerState? Get(Guid? id) => id is { } key ? _servers.GetValueOrDefault(key) : null;

    public IEnumerable<ServerState> Servers => _servers.Values;

    public int PrimariesOf(Guid id) => _primaries.GetValueOrDefault(id);

    public bool CanKeep(Guid? id) => Get(id)?.CanKeep == true;

    /// <summary>Share of capacity in use once one more vehicle arrives: the larger of what the server reports
    /// and what central has assigned to it. Servers without a stated capacity rank by CPU load.</summary>
    public double ProjectedLoad(ServerState state)
    {
        var s = state.Server;
        var primaries = PrimariesOf(s.Id);
        return s.CapacitySessions > 0
            ? (Math.Max(s.ActiveSessions, primaries) + 1.0) / s.CapacitySessions
            : s.CpuLoad + primaries * 1e-6;
    }

    /// <summary>The best server to take a vehicle: same region first, then least projected load.</summary>
    public ServerState? Best(string? region, Guid? except)
    {
        ServerState? best = null;
        foreach (var candidate in _servers.Values)
        {
            if (!candidate.CanTake || candidate.Server.Id == except)
                continue;
            if (best is null || Better(candidate, best, region))
                best = candidate;
        }
        return best;
    }

    private bool Better(ServerState a, ServerState b, string? region)
    {
        var aLocal = region is not null && string.Equals(a.Server.Region, region, StringComparison.OrdinalIgnoreCase);
        var bLocal = region is not null && string.Equals(b.Server.Region, region, StringComparison.OrdinalIgnoreCase);
        if (aLocal != bLocal)
            return aLocal;
        var byLoad = ProjectedLoad(a).CompareTo(ProjectedLoad(b));
        return byLoad != 0 ? byLoad < 0 : string.CompareOrdinal(a.Server.Name, b.Server.Name) < 0;
    }

    public void MovePrimary(Guid? from, Guid? to)
    {
        if (from == to)
            return;
        if (from is { } f && _primaries.ContainsKey(f))
            _primaries[f]--;
        if (to is { } t && _primaries.ContainsKey(t))
            _primaries[t]++;
    }
}
