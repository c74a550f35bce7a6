using Fleet.Agent.Gps;

namespace Fleet.Agent.Tests.Gps;

public class NmeaSentenceTests
{
    [Fact]
    public void TryParse_ValidChecksum_SplitsTalkerTypeAndFields()
    {
        var error = NmeaSentence.TryParse("$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A*76", out var s);

        Assert.Equal(NmeaLineError.None, error);
        Assert.Equal("GN", s!.Talker);
        Assert.Equal("RMC", s.Type);
        Assert.Equal("4404.14063", s.Field(2));
    }

    [Theory]
    [InlineData("$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A*77", NmeaLineError.BadChecksum)]
    [InlineData("$GNRMC,171926.00,A,4404.14063,N,12118.85478,W,0.117,,180315,,,A", NmeaLineError.MissingChecksum)]
    [InlineData("$GPGSA,A,1,,,,,,,,,,,,,,,*1E$GPRMC,235949.00,V,0000.0000,N,00000.0000,E,,,161206,,,N*44", NmeaLineError.BadChecksum)]
    [InlineData("# comment", NmeaLineError.NotASentence)]
    public void TryParse_DamagedLine_IsRejected(string line, NmeaLineError expected)
    {
        Assert.Equal(expected, NmeaSentence.TryParse(line, out var s));
        Assert.Null(s);
    }
}
