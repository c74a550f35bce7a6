using System.Runtime.CompilerServices;
using Fleet.Agent.Gps;

namespace Fleet.Agent.Modems.Gnss;

/// <summary>
/// Presents a modem's GNSS (polled over AT) as an <see cref="IGpsSource"/>, for boxes without a separate
/// receiver. A poll without a fix yields nothing; a repeated fix (same timestamp) is not yielded twice.
/// </summary>
public sealed class ModemGpsSource(IModemGnss gnss, TimeSpan interval, TimeProvider time) : IGpsSource
{
    public async IAsyncEnumerable<GpsFix> ReadFixesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        DateTimeOffset? last = null;
        do
        {
            var fix = await gnss.ReadFixAsync(ct).ConfigureAwait(false);
            if (fix is not null && fix.Time != last)
            {
                last = fix.Time;
                yield return ToGpsFix(fix);
            }
        }
        while (await Tick(timer, ct).ConfigureAwait(false));
    }

    public static GpsFix ToGpsFix(ModemGnssFix fix) => new(
        fix.Time,
        fix.Latitude,
        fix.Longitude,
        fix.AltitudeMsl,
        fix.SpeedMps,
        fix.CourseDeg,
        fix.FixDimension switch
        {
            3 => GpsFixMode.Fix3D,
            2 => GpsFixMode.Fix2D,
            _ => fix.AltitudeMsl is null ? GpsFixMode.Fix2D : GpsFixMode.Fix3D,
        },
        fix.Satellites,
        fix.Hdop);

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
