using Fleet.Agent.Config;
using Fleet.Agent.Coverage;
using Fleet.Agent.Gps;
using Fleet.Agent.Sync;

namespace Fleet.Agent.Bonding;

/// <summary>
/// The daemon's data plane as one piece: tunnels that follow the assignment, with central's coverage hints
/// wired into their scheduler (each uplink's carrier names, every GPS fix, the periodic cell fetch).
/// </summary>
public sealed class VehicleTunnels(AssignedTunnels tunnels, CoverageHintProvider? hints, IReadOnlyList<UplinkOptions> uplinks)
{
    public AssignedTunnels Tunnels => tunnels;

    public CoverageHintProvider? Hints => hints;

    /// <summary>What an uplink is to a UDP socket: its source address when given, else its interface.</summary>
    public static IReadOnlyList<string> UplinkSpecs(IEnumerable<UplinkOptions> uplinks) =>
        [.. uplinks.Select(u => u.SourceAddress ?? u.Interface ?? "")];

    /// <summary>Feed for TelemetrySamplers.FixObserved.</summary>
    public void OnFix(GpsFix fix) => hints?.UpdatePosition(fix);

    public Task RunAsync(IAssignmentProvider assignments, CancellationToken ct)
    {
        if (hints is null)
            return tunnels.RunTunnelsAsync(assignments, ct);

        // Link ids are uplink indexes and survive re-points, so the carriers are set once.
        for (var id = 0; id < uplinks.Count; id++)
            hints.SetLinkCarriers(id, [.. uplinks[id].Carriers]);
        tunnels.HintSource = hints;
        return Task.WhenAll(tunnels.RunTunnelsAsync(assignments, ct), hints.RunCoverageHintsAsync(ct));
    }
}
