using Fleet.Agent.Gps;
using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Samples are kept in the batch's wire units (1e-7 degrees, decimetres, cm/s, ...) so that packing
/// and unpacking a batch is exact.
/// </summary>
public abstract record TelemetrySample(long UnixMs);

public sealed record PositionSample(
    long UnixMs,
    int LatE7,
    int LonE7,
    int AltDm,
    uint SpeedCmS,
    uint CourseCdeg,
    uint FixMode,
    uint Satellites,
    uint HdopCenti) : TelemetrySample(UnixMs)
{
    /// <summary>
    /// A fix without a position keeps the last known coordinates (so the delta is zero) and says
    /// "no fix" in FixMode; readers must look at FixMode before trusting coordinates.
    /// </summary>
    public static PositionSample FromFix(GpsFix fix, PositionSample? previous = null)
    {
        var has = fix.HasPosition;
        return new PositionSample(
            fix.Time.ToUnixTimeMilliseconds(),
            has ? (int)Math.Round(fix.Latitude!.Value * 1e7) : previous?.LatE7 ?? 0,
            has ? (int)Math.Round(fix.Longitude!.Value * 1e7) : previous?.LonE7 ?? 0,
            fix.AltitudeMsl is { } alt ? (int)Math.Round(alt * 10) : previous?.AltDm ?? 0,
            fix.SpeedMps is { } v && v > 0 ? (uint)Math.Round(v * 100) : 0,
            fix.TrackDeg is { } t && t >= 0 ? (uint)Math.Round(t * 100) % 36000 : 0,
            (uint)(fix.Mode == GpsFixMode.Unknown ? GpsFixMode.NoFix : fix.Mode),
            (uint)Math.Max(0, fix.Satellites ?? 0),
            fix.Hdop is { } h && h > 0 ? (uint)Math.Round(h * 100) : 0);
    }
}

public sealed record LinkSample(
    string LinkName,
    long UnixMs,
    ulong TxBytes,
    ulong RxBytes,
    uint RateKbps,
    uint RttMs,
    uint LossPermille,
    uint WeightPermille,
    LinkState State,
    int RssiDbm,
    int RsrpDbm,
    int RsrqDb10,
    int SinrDb10,
    AccessTech AccessTech,
    ulong CellId,
    RegistrationState Registration,
    string Iccid = "",
    string OperatorName = "",
    string MccMnc = "") : TelemetrySample(UnixMs);

public sealed record HealthSample(
    long UnixMs,
    int CpuTempC10,
    int SsdTempC10,
    uint CpuLoadPermille,
    uint MemUsedPermille,
    ulong DiskFreeMb,
    uint SmartOk,
    uint OutboxBacklog) : TelemetrySample(UnixMs);
