namespace Fleet.Central.Aggregators;

public sealed record ServerRegistration(
    string Name, string Region, IReadOnlyList<string> Endpoints, byte[] PublicKey,
    uint CapacitySessions, ulong CapacityMbps, string Version);

public sealed record RegisteredServer(Guid ServerId, string ServerToken, int HeartbeatIntervalMs);

public sealed record ServerHeartbeat(Guid ServerId, uint ActiveSessions, double CpuLoad, ulong RxBps, ulong TxBps);

/// <summary>A live server as assignment sees it.</summary>
public sealed record LiveServer(
    Guid Id, string Name, string Region, IReadOnlyList<string> Endpoints, byte[] PublicKey,
    int CapacitySessions, int ActiveSessions, double CpuLoad)
{
    /// <summary>Share of session capacity in use; servers without a stated capacity rank by CPU.</summary>
    public double Load => CapacitySessions > 0 ? (double)ActiveSessions / CapacitySessions : CpuLoad;
}

public sealed record DeviceKeyEntry(Guid DeviceId, byte[] TunnelPublicKey, string? TunnelAddress);

public sealed record DeviceKeySet(IReadOnlyList<DeviceKeyEntry> Devices, long Revision);

/// <summary>A registered server as the assignment reconciler sees it, dead or alive.</summary>
public sealed record ServerState(LiveServer Server, bool Live, bool Draining, bool Overloaded)
{
    /// <summary>May carry a vehicle's traffic it already has (sticky) or stand by as its backup.</summary>
    public bool CanKeep => Live && !Draining;

    /// <summary>May be given more vehicles.</summary>
    public bool CanTake => Live && !Draining && !Overloaded;
}
