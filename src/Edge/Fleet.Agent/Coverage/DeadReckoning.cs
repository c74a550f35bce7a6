using Fleet.Agent.Tracks;

namespace Fleet.Agent.Coverage;

/// <summary>Where a vehicle will be if it keeps its heading and speed (great-circle "destination point").</summary>
public static class DeadReckoning
{
    private const double EarthRadiusM = 6_371_008.8;

    public static (double Lat, double Lon) Project(double lat, double lon, double bearingDeg, double distanceM)
    {
        var d = distanceM / EarthRadiusM;
        var th = double.DegreesToRadians(bearingDeg);
        var p1 = double.DegreesToRadians(lat);
        var l1 = double.DegreesToRadians(lon);
        var p2 = Math.Asin((Math.Sin(p1) * Math.Cos(d)) + (Math.Cos(p1) * Math.Sin(d) * Math.Cos(th)));
        var l2 = l1 + Math.Atan2(Math.Sin(th) * Math.Sin(d) * Math.Cos(p1), Math.Cos(d) - (Math.Sin(p1) * Math.Sin(p2)));
        return (double.RadiansToDegrees(p2), ((double.RadiansToDegrees(l2) + 540) % 360) - 180);
    }

    /// <summary>Points every <paramref name="spacingM"/> from the position out to <paramref name="lengthM"/>.</summary>
    public static List<(double Lat, double Lon)> RouteAhead(double lat, double lon, double bearingDeg, double lengthM, double spacingM)
    {
        var points = new List<(double, double)> { (lat, lon) };
        for (var s = spacingM; s < lengthM + (spacingM / 2); s += spacingM)
            points.Add(Project(lat, lon, bearingDeg, Math.Min(s, lengthM)));
        return points;
    }

    /// <summary>Ground half-diagonal of an EPSG:3857 cell at <paramref name="lat"/> (Mercator shrinks by cos φ).</summary>
    public static double CellRadiusM(double cellSizeM, double lat) =>
        cellSizeM / 2 * Math.Sqrt(2) * Math.Cos(double.DegreesToRadians(lat));

    public static double DistanceM((double Lat, double Lon) a, double lat, double lon) => Geo.DistanceM(a.Lat, a.Lon, lat, lon);
}
