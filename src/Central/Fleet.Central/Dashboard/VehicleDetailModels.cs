namespace Fleet.Central.Dashboard;

/// <summary>The track of one vehicle for the vehicle page: parallel arrays (compact JSON for the Leaflet module),
/// times in Unix seconds as uPlot counts them.</summary>
public sealed record TrackSeries(double[] Times, double[] Latitudes, double[] Longitudes, int BucketSeconds);

/// <summary>Per-carrier link metrics on one shared time axis (uPlot wants aligned series): one value per
/// bucket and link, null where that link sent nothing in the bucket.</summary>
public sealed record LinkSeries(double[] Times, IReadOnlyList<LinkMetricSeries> Links, int BucketSeconds);

/// <summary>One link's metrics in display units: Mbit/s, ms, %, dBm (RSRP, else RSSI), % of scheduler weight.</summary>
public sealed record LinkMetricSeries(
    string Link, string? Operator, double?[] ThroughputMbps, double?[] RttMs, double?[] LossPercent,
    double?[] SignalDbm, double?[] WeightPercent);

/// <summary>A link's newest sample.</summary>
public sealed record CurrentLink(
    string Link, string? Operator, string? Iccid, DateTimeOffset At, short? State, int? RateKbps, int? RttMs,
    int? LossPermille, int? WeightPermille, short? RsrpDbm, short? RssiDbm, short? AccessTech);

/// <summary>The aggregation servers a vehicle is assigned to, by name (null when none).</summary>
public sealed record AssignedServers(string? Primary, string? PrimaryRegion, bool PrimaryLive, string? Backup, bool BackupLive);
