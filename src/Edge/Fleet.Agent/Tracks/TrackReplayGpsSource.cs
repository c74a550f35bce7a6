using System.Runtime.CompilerServices;
using Fleet.Agent.Gps;

namespace Fleet.Agent.Tracks;

/// <summary>
/// Drives along a 1 Hz track in real time, stamping fixes with the current clock; loops back and forth
/// (forward, then reversed) so a vehicle keeps moving plausibly as long as the demo runs.
/// </summary>
public sealed class TrackReplayGpsSource(Track track, int startIndex, TimeProvider clock) : IGpsSource
{
    public async IAsyncEnumerable<GpsFix> ReadFixesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var points = track.Points;
        if (points.Count < 2)
        {
            yield break;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        var i = Math.Clamp(startIndex, 0, points.Count - 2);
        var step = 1;
        while (!ct.IsCancellationRequested)
        {
            var here = points[i];
            var next = points[i + step];
            var speed = Geo.DistanceM(here.Latitude, here.Longitude, next.Latitude, next.Longitude);
            yield return new GpsFix(
                clock.GetUtcNow(),
                here.Latitude,
                here.Longitude,
                AltitudeMsl: null,
                SpeedMps: speed,
                TrackDeg: speed > 0.5 ? Geo.BearingDeg(here.Latitude, here.Longitude, next.Latitude, next.Longitude) : null,
                GpsFixMode.Fix2D,
                Satellites: 9,
                Hdop: 0.9);

            i += step;
            if (i + step < 0 || i + step >= points.Count)
            {
                step = -step;
            }

            try
            {
                if (!await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
