namespace Fleet.Agent.Tracks;

/// <summary>
/// Splits raw position logs into trips and drops points no vehicle could produce: (0,0) and
/// out-of-range coordinates, repeated timestamps, and jumps faster than <see cref="MaxSpeedMps"/>
/// (phone location switching between GPS and cell-tower fixes).
/// </summary>
public static class TrackCleaner
{
    /// <summary>250 km/h: faster than any bus, tram or regional train in the data.</summary>
    public const double MaxSpeedMps = 70;

    public static IEnumerable<Track> SplitIntoTrips(string name, IEnumerable<TrackPoint> raw, TimeSpan maxGap, TimeSpan minDuration)
    {
        var trip = new List<TrackPoint>();
        var index = 0;
        foreach (var p in raw.Where(p => Geo.Plausible(p.Latitude, p.Longitude)).OrderBy(p => p.Time))
        {
            if (trip.Count > 0)
            {
                var last = trip[^1];
                var dt = (p.Time - last.Time).TotalSeconds;
                if (dt <= 0)
                {
                    continue;
                }

                if (dt > maxGap.TotalSeconds)
                {
                    if (Finish(trip, minDuration) is { } done)
                    {
                        yield return new Track($"{name}#{index++}", done);
                    }

                    trip = [];
                }
                else if (Geo.DistanceM(last.Latitude, last.Longitude, p.Latitude, p.Longitude) / dt > MaxSpeedMps)
                {
                    continue;
                }
            }

            trip.Add(p);
        }

        if (Finish(trip, minDuration) is { } final)
        {
            yield return new Track($"{name}#{index}", final);
        }
    }

    private static List<TrackPoint>? Finish(List<TrackPoint> trip, TimeSpan minDuration) =>
        trip.Count >= 2 && trip[^1].Time - trip[0].Time >= minDuration ? trip : null;
}
