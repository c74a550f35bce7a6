namespace Fleet.Central.Tracks;

/// <summary>Indices [First, Last] of the fixes of one stop or one trip within a time-ordered track.</summary>
public readonly record struct FixSpan(int First, int Last)
{
    public int Count => Last - First + 1;
}

/// <summary>Splits a time-ordered track into stops and trips. A stop is a run of fixes that all stay within
/// <c>radius</c> of the run's first fix for at least <c>minDuration</c> (a gap in the data with the vehicle
/// in the same place counts: it was parked with the box off). A trip is the movement between two stops,
/// from the last fix of one stop to the first fix of the next (so the departure and arrival are in it).</summary>
public static class StopDetector
{
    public static IReadOnlyList<FixSpan> FindStops(IReadOnlyList<TrackFix> fixes, double radiusM, TimeSpan minDuration)
    {
        var stops = new List<FixSpan>();
        var i = 0;
        while (i < fixes.Count)
        {
            var anchor = fixes[i];
            var j = i;
            while (j + 1 < fixes.Count &&
                   GeoDistance.Meters(anchor.Latitude, anchor.Longitude, fixes[j + 1].Latitude, fixes[j + 1].Longitude) <= radiusM)
                j++;
            if (fixes[j].Time - anchor.Time >= minDuration)
            {
                stops.Add(new FixSpan(i, j));
                i = j + 1;
            }
            else
            {
                i++;
            }
        }
        return stops;
    }

    /// <summary>The movement before, between and after <paramref name="stops"/>; spans of a single fix
    /// (nothing moved) are left out.</summary>
    public static IReadOnlyList<FixSpan> TripsBetween(int fixCount, IReadOnlyList<FixSpan> stops)
    {
        var trips = new List<FixSpan>();
        var start = 0;
        foreach (var stop in stops)
        {
            if (stop.First > start)
                trips.Add(new FixSpan(start, stop.First));
            start = stop.Last;
        }
        if (fixCount - 1 > start)
            trips.Add(new FixSpan(start, fixCount - 1));
        return trips;
    }
}
