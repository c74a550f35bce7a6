namespace Fleet.Bonding.Protocol;

/// <summary>
/// 32-bit microsecond timestamps (wrap every ~71 minutes). Only differences are meaningful; the two
/// ends' clocks are not synchronised, so one-way delays are relative (same offset on every link).
/// </summary>
public static class WireTime
{
    public static uint Now(TimeProvider time) => FromTimestamp(time.GetTimestamp(), time.TimestampFrequency);

    public static uint FromTimestamp(long timestamp, long frequency) => unchecked((uint)ToMicroseconds(timestamp, frequency));

    public static uint FromMicroseconds(long microseconds) => unchecked((uint)microseconds);

    public static long ToMicroseconds(long timestamp, long frequency) =>
        frequency % 1_000_000 == 0 ? timestamp / (frequency / 1_000_000) : (long)(timestamp * (1_000_000.0 / frequency));

    /// <summary>Signed difference a − b in microseconds, correct across wrap-around.</summary>
    public static int Diff(uint a, uint b) => unchecked((int)(a - b));
}
