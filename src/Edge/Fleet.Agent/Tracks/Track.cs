namespace Fleet.Agent.Tracks;

public readonly record struct TrackPoint(DateTimeOffset Time, double Latitude, double Longitude);

/// <summary>A recorded drive: points in time order, as loaded (see <see cref="TrackResampler"/> for 1 Hz).</summary>
public sealed record Track(string Name, IReadOnlyList<TrackPoint> Points)
{
    public TimeSpan Duration => Points.Count < 2 ? TimeSpan.Zero : Points[^1].Time - Points[0].Time;
}
