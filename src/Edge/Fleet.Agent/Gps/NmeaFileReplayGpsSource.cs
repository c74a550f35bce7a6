using System.Runtime.CompilerServices;

namespace Fleet.Agent.Gps;

/// <summary>
/// Replays a recorded NMEA log, pacing fixes by their own timestamps divided by <c>speed</c>
/// (2 = twice as fast). Used for bench setups without a receiver.
/// </summary>
public sealed class NmeaFileReplayGpsSource(string path, double speed, TimeProvider clock, DateOnly? rolloverReference = null) : IGpsSource
{
    public async IAsyncEnumerable<GpsFix> ReadFixesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var source = new NmeaStreamGpsSource(() => File.OpenRead(path), rolloverReference);
        DateTimeOffset? previous = null;
        await foreach (var fix in source.ReadFixesAsync(ct).ConfigureAwait(false))
        {
            if (previous is { } p && fix.Time > p)
            {
                var wait = (fix.Time - p) / speed;
                await Task.Delay(wait < TimeSpan.FromMinutes(1) ? wait : TimeSpan.FromMinutes(1), clock, ct).ConfigureAwait(false);
            }

            previous = fix.Time;
            yield return fix;
        }
    }
}
