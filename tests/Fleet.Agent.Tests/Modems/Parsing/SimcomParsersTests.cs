using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Parsing.Simcom;

namespace Fleet.Agent.Tests.Modems.Parsing;

/// <summary>Response shapes from the SIM7500/SIM7600 AT command manual (no licensed test vectors exist for these).</summary>
public sealed class SimcomParsersTests
{
    [Fact]
    public void ParseCpsi_Lte_ConvertsTenthsAndSinrIndex()
    {
        var info = SimcomParsers.ParseCpsi("+CPSI: LTE,Online,460-11,0x5A1E,187214780,257,EUTRAN-BAND3,1825,5,5,-94,-850,-545,15\r\n\r\nOK")!;
        Assert.Equal(AccessTechnology.Lte, info.AccessTech);
        Assert.Equal("46011", info.MccMnc);
        Assert.Equal("0x5A1E", info.Tac);
        Assert.Equal("187214780", info.CellId);
        Assert.Equal(257, info.Pci);
        Assert.Equal(-85.0, info.Rsrp);
        Assert.Equal(-9.4, info.Rsrq!.Value, 6);
        Assert.Equal(-54.5, info.Rssi);
        Assert.Equal(10.0, info.Sinr);
    }

    [Fact]
    public void ParseCpsi_NoService_NoServiceFlag()
    {
        var info = SimcomParsers.ParseCpsi("+CPSI: NO SERVICE,Online")!;
        Assert.False(info.HasService);
        Assert.Null(info.Rsrp);
    }

    [Fact]
    public void ParseCgpsInfo_ManualExample_DecimalDegreesAndUtc()
    {
        var fix = SimcomParsers.ParseCgpsInfo("+CGPSINFO: 3113.343286,N,12121.234064,E,250311,072809.3,44.1,0.0,0")!;
        Assert.Equal(31 + (13.343286 / 60), fix.Latitude, 9);
        Assert.Equal(121 + (21.234064 / 60), fix.Longitude, 9);
        Assert.Equal(new DateTimeOffset(2011, 3, 25, 7, 28, 9, 300, TimeSpan.Zero), fix.Time);
        Assert.Equal(44.1, fix.AltitudeMsl);
        Assert.Equal(0.0, fix.SpeedMps);
    }

    [Fact]
    public void ParseCgpsInfo_SouthWest_NegativeCoordinates()
    {
        var fix = SimcomParsers.ParseCgpsInfo("+CGPSINFO: 3348.123000,S,15112.600000,W,010120,235959.0,10.0,10.0,90.0")!;
        Assert.True(fix.Latitude < 0 && fix.Longitude < 0);
        Assert.Equal(10 * 0.514444, fix.SpeedMps!.Value, 6);
        Assert.Equal(90.0, fix.CourseDeg);
    }

    [Theory]
    [InlineData("+CGPSINFO: ,,,,,,,,")]
    [InlineData("+CGPSINFO: 3113.343286,N,12121.234064,E,320311,072809.3,44.1,0.0,0")]
    [InlineData("OK")]
    public void ParseCgpsInfo_NoFixOrBadDate_Null(string response) => Assert.Null(SimcomParsers.ParseCgpsInfo(response));

    [Theory]
    [InlineData("+CGNSSINFO: 2,06,03,00,3113.330650,N,12121.262554,E,131117,091918.0,32.9,0.0,255.0,1.1,0.8,0.7", 9)]
    [InlineData("+CGNSSINFO: 3,09,05,3113.330650,N,12121.262554,E,131117,091918.0,32.9,0.0,255.0,1.1,0.8,0.7", 14)]
    public void ParseCgnssInfo_WithOrWithoutBeidouCount_FindsLatitude(string response, int satellites)
    {
        var fix = SimcomParsers.ParseCgnssInfo(response)!;
        Assert.Equal(31 + (13.330650 / 60), fix.Latitude, 9);
        Assert.Equal(satellites, fix.Satellites);
        Assert.Equal(255.0, fix.CourseDeg);
        Assert.Equal(0.8, fix.Hdop);
        Assert.Equal(new DateTimeOffset(2017, 11, 13, 9, 19, 18, TimeSpan.Zero), fix.Time);
    }

    [Theory]
    [InlineData("+CCID: 89860318640220133897", "89860318640220133897")]
    [InlineData("+ICCID: 8944501104169287036F", "8944501104169287036")]
    [InlineData("+QCCID: 89860318640220133897\r\n\r\nOK", "89860318640220133897")]
    [InlineData("89860318640220133897\r\nOK", "89860318640220133897")]
    [InlineData("+CME ERROR: 10", null)]
    public void ParseIccid_VendorForms_Digits(string response, string? iccid) => Assert.Equal(iccid, SimcomParsers.ParseIccid(response));
}
