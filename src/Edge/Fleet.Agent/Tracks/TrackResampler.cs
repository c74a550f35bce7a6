namespace Fleet.Agent.Tracks;

/// <summary>One point per whole second between the first and last point, linearly interpolated.</summary>
public static class TrackResampler
{
    public static Track ToOneHz(Track track)
    {
        var src = track.Points;
        if (src.Count < 2)
        {
            return track;
        }

        var start = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling(src[0].Time.ToUnixTimeMilliseconds() / 1000.0));
        var result = new List<TrackPoint>();
        var j = 0;
        for (var t = start; t <= src[^1].Time; t = t.AddSeconds(1))
        {
            while (j < src.Count - 2 && src[j + 1].Time < t)
            {
                j++;
            }

            var a = src[j];
            var b = src[j + 1];
            var span = (b.Time - a.Time).TotalSeconds;
            var f = span <= 0 ? 0 : Math.Clamp((t - a.Time).TotalSeconds / span, 0, 1);
            result.Add(new TrackPoint(t, a.Latitude + ((b.Latitude - a.Latitude) * f), a.Longitude + ((b.Longitude - a.Longitude) * f)));
        }

        return new Track(track.Name, result);
    }
}
