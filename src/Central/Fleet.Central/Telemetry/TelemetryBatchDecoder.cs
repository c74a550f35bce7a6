using Fleet.Central.Common;
using Fleet.Central.Data.Spatial;
using Google.Protobuf.Collections;
using Proto = Fleet.Contracts.Telemetry;

namespace Fleet.Central.Telemetry;

/// <summary>Turns the columnar, delta-encoded wire batch (fleet/telemetry.proto) into rows, refusing the
/// whole batch with a message that names the series, column and sample when anything is off. A refused
/// batch stores nothing, so the agent can fix and resend it under the same id.</summary>
public static class TelemetryBatchDecoder
{
    /// <summary>Timestamps before this are a box without a clock (RTC reset to 1970), not telemetry.</summary>
    public static readonly DateTimeOffset EarliestAccepted = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const long MaxLatE7 = 900_000_000;
    private const long MaxLonE7 = 1_800_000_000;

    public static Outcome<DecodedBatch> Decode(Proto.TelemetryBatch batch, TelemetryOptions limits, DateTimeOffset now)
    {
        if (!Guid.TryParse(batch.BatchId, out var batchId) || batchId == Guid.Empty)
            return Failure.Invalid($"batch_id '{Truncate(batch.BatchId)}' is not a UUID");
        if (batch.AgentVersion.Length > 100)
            return Failure.Invalid("agent_version is longer than 100 characters");
        var latest = now + limits.MaxFutureSkew;

        var window = DecodeWindow(batch, latest);
        if (!window.Succeeded)
            return window.Failure;

        var positions = DecodePositions(batch.Positions, limits, latest);
        if (!positions.Succeeded)
            return positions.Failure;

        if (batch.Links.Count > limits.MaxLinksPerBatch)
            return Failure.Invalid($"links: {batch.Links.Count} link series, at most {limits.MaxLinksPerBatch} allowed");
        var linkSamples = new List<DecodedLinkSample>();
        for (var i = 0; i < batch.Links.Count; i++)
        {
            var failure = DecodeLink(batch.Links[i], i, limits, latest, linkSamples);
            if (failure is not null)
                return failure;
        }

        var health = DecodeHealth(batch.Health, limits, latest);
        if (!health.Succeeded)
            return health.Failure;

        return new DecodedBatch(batchId, window.Value.Start, window.Value.End, batch.Sequence, batch.AgentVersion,
            positions.Value, linkSamples, health.Value);
    }

    private static Outcome<(DateTimeOffset Start, DateTimeOffset End)> DecodeWindow(Proto.TelemetryBatch batch, DateTimeOffset latest)
    {
        var start = ToTime("batch", "start_unix_ms", 0, batch.StartUnixMs, latest);
        if (!start.Succeeded)
            return start.Failure;
        var end = ToTime("batch", "end_unix_ms", 0, batch.EndUnixMs, latest);
        if (!end.Succeeded)
            return end.Failure;
        if (end.Value < start.Value)
            return Failure.Invalid($"batch: end_unix_ms {batch.EndUnixMs} is before start_unix_ms {batch.StartUnixMs}");
        return (start.Value, end.Value);
    }

    private static Outcome<IReadOnlyList<DecodedPosition>> DecodePositions(
        Proto.PositionSeries? series, TelemetryOptions limits, DateTimeOffset latest)
    {
        if (series is null || series.TimeDeltaMs.Count == 0)
        {
            return series is not null && (series.LatE7Delta.Count > 0 || series.LonE7Delta.Count > 0)
                ? Failure.Invalid("positions: coordinates present but time_delta_ms is empty")
                : Outcome<IReadOnlyList<DecodedPosition>>.From([]);
        }
        var n = series.TimeDeltaMs.Count;
        if (n > limits.MaxPositionsPerBatch)
            return Failure.Invalid($"positions: {n} samples, at most {limits.MaxPositionsPerBatch} allowed per batch");
        var columns = Columns("positions", n)
            .Required("lat_e7_delta", series.LatE7Delta.Count)
            .Required("lon_e7_delta", series.LonE7Delta.Count)
            .Optional("alt_dm_delta", series.AltDmDelta.Count)
            .Optional("speed_cm_s", series.SpeedCmS.Count)
            .Optional("course_cdeg", series.CourseCdeg.Count)
            .Optional("fix_mode", series.FixMode.Count)
            .Optional("satellites", series.Satellites.Count)
            .Optional("hdop_centi", series.HdopCenti.Count);
        if (columns.Failure is not null)
            return columns.Failure;

        var times = DecodeTimes("positions", series.BaseUnixMs, series.TimeDeltaMs, latest);
        if (!times.Succeeded)
            return times.Failure;

        var result = new List<DecodedPosition>(n);
        long lat = 0, lon = 0, alt = 0;
        for (var i = 0; i < n; i++)
        {
            lat += series.LatE7Delta[i];
            lon += series.LonE7Delta[i];
            if (series.AltDmDelta.Count > 0)
                alt += series.AltDmDelta[i];
            if (lat is < -MaxLatE7 or > MaxLatE7)
                return Failure.Invalid($"positions: sample {i} latitude {lat / 1e7:0.0######} is outside -90..90");
            if (lon is < -MaxLonE7 or > MaxLonE7)
                return Failure.Invalid($"positions: sample {i} longitude {lon / 1e7:0.0######} is outside -180..180");

            var fixMode = series.FixMode.Count > 0 ? series.FixMode[i] : 3u;
            if (fixMode > 3)
                return Failure.Invalid($"positions: sample {i} fix_mode {fixMode} is not 0..3");
            // Samples without a fix carry no position (their coordinates are a placeholder): keep the
            // delta chain going, store nothing.
            if (fixMode is 0 or 1)
                continue;
            var course = series.CourseCdeg.Count > 0 ? series.CourseCdeg[i] : (uint?)null;
            if (course > 36_000)
                return Failure.Invalid($"positions: sample {i} course {course / 100.0} is outside 0..360");
            result.Add(new DecodedPosition(
                times.Value[i],
                new GeoPoint(lat / 1e7, lon / 1e7),
                series.AltDmDelta.Count > 0 ? alt / 10f : null,
                series.SpeedCmS.Count > 0 ? series.SpeedCmS[i] / 100f : null,
                course / 100f,
                (short)fixMode,
                series.Satellites.Count > 0 ? (short)Math.Min(series.Satellites[i], 255u) : null,
                series.HdopCenti.Count > 0 ? series.HdopCenti[i] / 100f : null));
        }
        return result;
    }

    private static Failure? DecodeLink(
        Proto.LinkSeries series, int index, TelemetryOptions limits, DateTimeOffset latest, List<DecodedLinkSample> into)
    {
        var name = series.LinkName.Trim();
        var label = $"links[{index}]";
        if (name.Length is 0 or > 64)
            return Failure.Invalid($"{label}: link_name is required (at most 64 characters)");
        label = $"links[{index}] '{name}'";
        if (series.Iccid.Length > 32 || series.OperatorName.Length > 100 || series.MccMnc.Length > 8)
            return Failure.Invalid($"{label}: iccid (32), operator_name (100) or mcc_mnc (8) too long");
        var n = series.TimeDeltaMs.Count;
        if (n > limits.MaxSamplesPerLink)
            return Failure.Invalid($"{label}: {n} samples, at most {limits.MaxSamplesPerLink} allowed per link");
        var columns = Columns(label, n)
            .Optional("tx_bytes", series.TxBytes.Count)
            .Optional("rx_bytes", series.RxBytes.Count)
            .Optional("rate_kbps", series.RateKbps.Count)
            .Optional("rtt_ms", series.RttMs.Count)
            .Optional("loss_permille", series.LossPermille.Count)
            .Optional("weight_permille", series.WeightPermille.Count)
            .Optional("state", series.State.Count)
            .Optional("rssi_dbm_delta", series.RssiDbmDelta.Count)
            .Optional("rsrp_dbm_delta", series.RsrpDbmDelta.Count)
            .Optional("rsrq_db10_delta", series.RsrqDb10Delta.Count)
            .Optional("sinr_db10_delta", series.SinrDb10Delta.Count)
            .Optional("access_tech", series.AccessTech.Count)
            .Optional("cell_id", series.CellId.Count)
            .Optional("registration", series.Registration.Count);
        if (columns.Failure is not null)
            return columns.Failure;
        var times = DecodeTimes(label, series.BaseUnixMs, series.TimeDeltaMs, latest);
        if (!times.Succeeded)
            return times.Failure;

        string? Text(string value) => value.Length == 0 ? null : value;
        long rssi = 0, rsrp = 0, rsrq = 0, sinr = 0;
        for (var i = 0; i < n; i++)
        {
            if (series.RssiDbmDelta.Count > 0) rssi += series.RssiDbmDelta[i];
            if (series.RsrpDbmDelta.Count > 0) rsrp += series.RsrpDbmDelta[i];
            if (series.RsrqDb10Delta.Count > 0) rsrq += series.RsrqDb10Delta[i];
            if (series.SinrDb10Delta.Count > 0) sinr += series.SinrDb10Delta[i];
            if (rssi is < -200 or > 100 || rsrp is < -200 or > 100)
                return Failure.Invalid($"{label}: sample {i} rssi {rssi} / rsrp {rsrp} dBm is outside -200..100");
            if (series.CellId.Count > 0 && series.CellId[i] > long.MaxValue)
                return Failure.Invalid($"{label}: sample {i} cell_id {series.CellId[i]} is out of range");
            into.Add(new DecodedLinkSample(
                times.Value[i], name, Text(series.Iccid), Text(series.OperatorName), Text(series.MccMnc),
                Small(series.State, i),
                Int(series.RateKbps, i), Int(series.RttMs, i), Int(series.LossPermille, i), Int(series.WeightPermille, i),
                series.RssiDbmDelta.Count > 0 ? (short)rssi : null,
                series.RsrpDbmDelta.Count > 0 ? (short)rsrp : null,
                series.RsrqDb10Delta.Count > 0 ? rsrq / 10f : null,
                series.SinrDb10Delta.Count > 0 ? sinr / 10f : null,
                Small(series.AccessTech, i),
                series.CellId.Count > 0 ? (long)series.CellId[i] : null,
                Small(series.Registration, i),
                Long(series.TxBytes, i), Long(series.RxBytes, i)));
        }
        return null;
    }

    private static Outcome<IReadOnlyList<DecodedHealthSample>> DecodeHealth(
        Proto.HealthSeries? series, TelemetryOptions limits, DateTimeOffset latest)
    {
        if (series is null || series.TimeDeltaMs.Count == 0)
            return Outcome<IReadOnlyList<DecodedHealthSample>>.From([]);
        var n = series.TimeDeltaMs.Count;
        if (n > limits.MaxHealthSamplesPerBatch)
            return Failure.Invalid($"health: {n} samples, at most {limits.MaxHealthSamplesPerBatch} allowed per batch");
        var columns = Columns("health", n)
            .Optional("cpu_temp_c10", series.CpuTempC10.Count)
            .Optional("ssd_temp_c10", series.SsdTempC10.Count)
            .Optional("cpu_load_permille", series.CpuLoadPermille.Count)
            .Optional("mem_used_permille", series.MemUsedPermille.Count)
            .Optional("disk_free_mb", series.DiskFreeMb.Count)
            .Optional("smart_ok", series.SmartOk.Count)
            .Optional("outbox_backlog", series.OutboxBacklog.Count);
        if (columns.Failure is not null)
            return columns.Failure;
        var times = DecodeTimes("health", series.BaseUnixMs, series.TimeDeltaMs, latest);
        if (!times.Succeeded)
            return times.Failure;

        var result = new List<DecodedHealthSample>(n);
        for (var i = 0; i < n; i++)
        {
            result.Add(new DecodedHealthSample(
                times.Value[i],
                series.CpuTempC10.Count > 0 ? series.CpuTempC10[i] / 10f : null,
                series.SsdTempC10.Count > 0 ? series.SsdTempC10[i] / 10f : null,
                Int(series.CpuLoadPermille, i), Int(series.MemUsedPermille, i),
                Long(series.DiskFreeMb, i), Small(series.SmartOk, i), Int(series.OutboxBacklog, i)));
        }
        return result;
    }

    private static Outcome<DateTimeOffset[]> DecodeTimes(
        string series, long baseUnixMs, RepeatedField<long> deltas, DateTimeOffset latest)
    {
        var times = new DateTimeOffset[deltas.Count];
        var t = baseUnixMs;
        for (var i = 0; i < deltas.Count; i++)
        {
            var d = deltas[i];
            if ((d > 0 && t > long.MaxValue - d) || (d < 0 && t < long.MinValue - d))
                return Failure.Invalid($"{series}: sample {i} timestamp overflows");
            t += d;
            var time = ToTime(series, "timestamp", i, t, latest);
            if (!time.Succeeded)
                return time.Failure;
            times[i] = time.Value;
        }
        return times;
    }

    private static Outcome<DateTimeOffset> ToTime(string series, string what, int index, long unixMs, DateTimeOffset latest)
    {
        if (unixMs < EarliestAccepted.ToUnixTimeMilliseconds())
            return Failure.Invalid($"{series}: sample {index} {what} {unixMs} ms is before {EarliestAccepted:yyyy-MM-dd} (clock not set?)");
        if (unixMs > latest.ToUnixTimeMilliseconds())
            return Failure.Invalid($"{series}: sample {index} {what} {DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(unixMs, 253402300799999)):u} is in the future (latest accepted {latest:u})");
        return DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
    }

    private static short? Small(RepeatedField<uint> column, int i) =>
        column.Count > 0 ? (short)Math.Min(column[i], (uint)short.MaxValue) : null;

    private static int? Int(RepeatedField<uint> column, int i) =>
        column.Count > 0 ? (int)Math.Min(column[i], int.MaxValue) : null;

    private static long? Long(RepeatedField<ulong> column, int i) =>
        column.Count > 0 ? (long)Math.Min(column[i], long.MaxValue) : null;

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static ColumnCheck Columns(string series, int samples) => new(series, samples, null);

    /// <summary>Every column has one value per timestamp; optional columns may be empty (not measured).</summary>
    private readonly record struct ColumnCheck(string Series, int Samples, Failure? Failure)
    {
        public ColumnCheck Required(string column, int count) =>
            Failure is not null || count == Samples ? this
                : this with { Failure = Mismatch(column, count, "") };

        public ColumnCheck Optional(string column, int count) =>
            Failure is not null || count == Samples || count == 0 ? this
                : this with { Failure = Mismatch(column, count, " or none") };

        private Failure Mismatch(string column, int count, string orNone) => Failure.Invalid(
            $"{Series}: {column} has {count} values but time_delta_ms has {Samples} (need one per sample{orNone})");
    }
}
