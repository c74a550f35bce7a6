namespace Fleet.LinkShaper.Model;

/// <summary>
/// A link's service curve: how long a packet occupies the link. Times are microseconds since the shaper's
/// epoch, so trace replays restart whenever the epoch is reset.
/// </summary>
public interface ICapacityModel
{
    /// <summary>
    /// When a packet of <paramref name="bytes"/> that starts transmission at <paramref name="startUs"/> has
    /// fully left the link; <see cref="long.MaxValue"/> if the link never carries it (zero capacity forever).
    /// </summary>
    long FinishTime(long startUs, int bytes);

    /// <summary>Mean capacity over [fromUs, toUs) in bits per second (for reports and trace statistics).</summary>
    double MeanBitsPerSecond(long fromUs, long toUs);
}
