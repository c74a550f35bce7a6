namespace Fleet.Agent.Tracks;

/// <summary>Spherical-earth helpers; metre accuracy is plenty for replay and plausibility checks.</summary>
public static class Geo
{
    private const double EarthRadiusM = 6_371_008.8;

    public static double DistanceM(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dp = p2 - p1;
        var dl = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360).</summary>
    public static double BearingDeg(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dl = double.DegreesToRadians(lon2 - lon1);
        var y = Math.Sin(dl) * Math.Cos(p2);
        var x = (Math.Cos(p1) * Math.Sin(p2)) - (Math.Sin(p1) * Math.Cos(p2) * Math.Cos(dl));
        return (double.RadiansToDegrees(Math.Atan2(y, x)) + 360) % 360;
    }

    public static bool Plausible(double lat, double lon) =>
        double.IsFinite(lat) && double.IsFinite(lon) && lat is >= -90 and <= 90 && lon is >= -180 and <= 180 && !(lat == 0 && lon == 0);
}
