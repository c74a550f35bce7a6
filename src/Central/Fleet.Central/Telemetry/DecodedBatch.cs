using Fleet.Central.Data.Spatial;

namespace Fleet.Central.Telemetry;

/// <summary>A telemetry batch after delta decoding and validation, in storage units.</summary>
public sealed record DecodedBatch(
    Guid BatchId,
    DateTimeOffset StartAt,
    DateTimeOffset EndAt,
    uint Sequence,
    string AgentVersion,
    IReadOnlyList<DecodedPosition> Positions,
    IReadOnlyList<DecodedLinkSample> LinkSamples,
    IReadOnlyList<DecodedHealthSample> HealthSamples);

public sealed record DecodedPosition(
    DateTimeOffset Time, GeoPoint Location, float? AltitudeM, float? SpeedMps, float? CourseDeg,
    short FixMode, short? Satellites, float? Hdop);

public sealed record DecodedLinkSample(
    DateTimeOffset Time, string LinkName, string? Iccid, string? OperatorName, string? MccMnc,
    short? State, int? RateKbps, int? RttMs, int? LossPermille, int? WeightPermille,
    short? RssiDbm, short? RsrpDbm, float? RsrqDb, float? SinrDb,
    short? AccessTech, long? CellId, short? Registration, long? TxBytes, long? RxBytes);

public sealed record DecodedHealthSample(
    DateTimeOffset Time, float? CpuTempC, float? SsdTempC, int? CpuLoadPermille, int? MemUsedPermille,
    long? DiskFreeMb, short? SmartOk, int? OutboxBacklog);
