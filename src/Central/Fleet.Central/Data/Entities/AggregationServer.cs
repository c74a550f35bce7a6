namespace Fleet.Central.Data.Entities;

/// <summary>A registered aggregation server: where vehicles terminate their bonded tunnels.</summary>
public sealed class AggregationServer
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Region { get; set; }
    public required string[] Endpoints { get; set; }
    public required byte[] PublicKey { get; set; }
    public required byte[] TokenHash { get; set; }
    public int CapacitySessions { get; set; }
    public long CapacityMbps { get; set; }
    public required string Version { get; set; }
    public int ActiveSessions { get; set; }
    public double CpuLoad { get; set; }
    public long RxBps { get; set; }
    public long TxBps { get; set; }
    public bool Draining { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastHeartbeatAt { get; set; }
}
