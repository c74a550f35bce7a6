using System.Net;
using Fleet.Bonding.Protocol;

namespace Fleet.Bonding;

/// <summary>A point-in-time view of one link, for health reporting and the dashboard.</summary>
public sealed record LinkSnapshot(
    int LinkId,
    string Name,
    LinkState State,
    double RateBitsPerSecond,
    double EffectiveRateBitsPerSecond,
    double DeliveryBitsPerSecond,
    double LossFraction,
    double OwdMinMs,
    double OwdSmoothedMs,
    double JitterMs,
    double RttMs,
    long SentPackets,
    long SentBytes,
    long SendFailures,
    long ReceivedPackets,
    long ReceivedLost,
    EndPoint? RemoteEndPoint,
    LinkHint Hint);

/// <summary>A point-in-time view of a session.</summary>
public sealed record BondingSnapshot(
    uint LocalSessionId,
    uint RemoteSessionId,
    string PeerName,
    bool IsEstablished,
    string Policy,
    byte KeyEpoch,
    IReadOnlyList<LinkSnapshot> Links,
    ReorderCounters Reorder,
    long TxPackets,
    long TxBytes,
    long RxPackets,
    long RxBytes,
    long DuplicatesSent,
    IReadOnlyDictionary<DropReason, long> Drops);
