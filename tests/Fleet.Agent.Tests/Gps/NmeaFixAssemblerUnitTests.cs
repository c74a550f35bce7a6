using Fleet.Agent.Gps;

namespace Fleet.Agent.Tests.Gps;

public class NmeaFixAssemblerUnitTests
{
    private static string Sentence(string body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return $"${body}*{sum:X2}";
    }

    private static List<GpsFix> Run(DateOnly? reference, params string[] bodies)
    {
        var a = new NmeaFixAssembler(reference);
        var fixes = new List<GpsFix>();
        foreach (var b in bodies)
        {
            a.Push(Sentence(b), out var f);
            if (f is not null)
            {
                fixes.Add(f);
            }
        }

        if (a.Flush() is { } last)
        {
            fixes.Add(last);
        }

        return fixes;
    }

    [Fact]
    public void Push_RmcGgaGsaEpoch_MergesIntoOneSouthWestFix()
    {
        var fixes = Run(
            new DateOnly(2020, 1, 1),
            "GPRMC,120000.50,A,3352.000,S,15112.000,W,10.0,90.5,010324,,,A",
            "GPGGA,120000.50,3352.000,S,15112.000,W,1,08,0.9,-12.5,M,20.0,M,,",
            "GPGSA,A,3,01,02,03,04,,,,,,,,,1.5,0.9,1.2");

        var f = Assert.Single(fixes);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 12, 0, 0, 500, TimeSpan.Zero), f.Time);
        Assert.Equal(-33.866666, f.Latitude!.Value, 5);
        Assert.Equal(-151.2, f.Longitude!.Value, 5);
        Assert.Equal(-12.5, f.AltitudeMsl);
        Assert.Equal(5.144, f.SpeedMps!.Value, 3);
        Assert.Equal(90.5, f.TrackDeg);
        Assert.Equal(GpsFixMode.Fix3D, f.Mode);
        Assert.Equal(8, f.Satellites);
        Assert.Equal(0.9, f.Hdop);
    }

    [Fact]
    public void Push_VoidRmc_YieldsNoFixWithoutPosition()
    {
        var fixes = Run(null, "GPRMC,235948.00,V,0000.0000,N,00000.0000,E,,,161226,,,N", "GPGGA,235949.00,,,,,0,00,,,M,,M,,");

        Assert.Equal(2, fixes.Count);
        Assert.All(fixes, f =>
        {
            Assert.Equal(GpsFixMode.NoFix, f.Mode);
            Assert.Null(f.Latitude);
            Assert.False(f.HasPosition);
        });
    }

    [Fact]
    public void Push_OldWeekCounterDate_IsMovedForward1024Weeks()
    {
        var fixes = Run(new DateOnly(2019, 4, 1), "GPRMC,000430.00,A,4808.9993,N,01135.0798,E,0.1,0.0,220899,,,A");

        Assert.Equal(new DateTimeOffset(2019, 4, 7, 0, 4, 30, TimeSpan.Zero), Assert.Single(fixes).Time);
    }

    [Fact]
    public void Push_GgaOnlyAfterMidnight_CarriesDateToNextDay()
    {
        var fixes = Run(
            new DateOnly(2020, 1, 1),
            "GPRMC,235959.00,A,4808.9993,N,01135.0798,E,0.1,0.0,311224,,,A",
            "GPGGA,000000.00,4808.9993,N,01135.0798,E,1,05,1.0,400.0,M,46.0,M,,");

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), fixes[1].Time);
    }
}
