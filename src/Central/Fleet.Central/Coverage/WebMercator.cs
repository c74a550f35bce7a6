namespace Fleet.Central.Coverage;

/// <summary>EPSG:3857 (spherical Web Mercator), the closed formula PostGIS' ST_Transform applies, so the
/// aggregation projects in process instead of a round of ST_Transform per fix.</summary>
public static class WebMercator
{
    public const double EarthRadiusM = 6_378_137;

    /// <summary>The latitude where the projection's square world ends; beyond it no cell is defined.</summary>
    public const double MaxLatitude = 85.05112877980659;

    public static bool TryProject(double lat, double lon, out double x, out double y)
    {
        if (!(Math.Abs(lat) <= MaxLatitude) || !(Math.Abs(lon) <= 180))
        {
            x = y = double.NaN;
            return false;
        }
        x = EarthRadiusM * double.DegreesToRadians(lon);
        y = EarthRadiusM * Math.Log(Math.Tan((Math.PI / 4) + (double.DegreesToRadians(lat) / 2)));
        return true;
    }

    public static (double Lat, double Lon) Unproject(double x, double y) =>
        (double.RadiansToDegrees((2 * Math.Atan(Math.Exp(y / EarthRadiusM))) - (Math.PI / 2)), double.RadiansToDegrees(x / EarthRadiusM));
}
