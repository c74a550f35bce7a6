using System.Diagnostics;

namespace Fleet.LinkShaper.Relay;

/// <summary>Monotonic microseconds since the process started: the relay's single time base.</summary>
internal static class ShaperClock
{
    private static readonly long Start = Stopwatch.GetTimestamp();
    private static readonly double MicrosPerTick = 1e6 / Stopwatch.Frequency;

    public static long NowUs => (long)((Stopwatch.GetTimestamp() - Start) * MicrosPerTick);
}
