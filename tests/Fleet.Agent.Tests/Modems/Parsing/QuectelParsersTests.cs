using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Parsing.Quectel;
using Fleet.Agent.Modems.Parsing.ThreeGpp;

namespace Fleet.Agent.Tests.Modems.Parsing;

/// <summary>Shapes from the Quectel RG50xQ/RM5xxQ and EC2x AT manuals beyond the shared vectors.</summary>
public sealed class QuectelParsersTests
{
    [Fact]
    public void ParseServingCell_SingleLineLte_StateAndCell()
    {
        var s = QuectelParsers.ParseServingCell("+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",262,03,2A3E116,461,1801,3,5,5,A4B9,-103,-10,-70,16,24,-,50\r\nOK")!;
        Assert.Equal("NOCONN", s.State);
        Assert.Equal(AccessTechnology.Lte, s.AccessTech);
        Assert.Equal("26203", s.Lte!.MccMnc);
        Assert.Equal((461, 1801, 3, -103, -10, 16), (s.Lte.Pci!.Value, s.Lte.Arfcn!.Value, s.Lte.Band!.Value, s.Lte.Rsrp!.Value, s.Lte.Rsrq!.Value, s.Lte.Sinr!.Value));
        Assert.Null(s.Lte.TxPower);
    }

    [Fact]
    public void ParseServingCell_Nr5gSa_NrLegOnly()
    {
        var s = QuectelParsers.ParseServingCell("+QENG: \"servingcell\",\"NOCONN\",\"NR5G-SA\",\"TDD\",222,01,1A2B3C4D5,502,A1B2C3,627264,78,12,-86,-11,14,1,-\r\nOK")!;
        Assert.Equal(AccessTechnology.Nr5g, s.AccessTech);
        Assert.Null(s.Lte);
        Assert.Equal((502, 627264, 78, -86, -11, 14), (s.Nr!.Pci!.Value, s.Nr.Arfcn!.Value, s.Nr.Band!.Value, s.Nr.Rsrp!.Value, s.Nr.Rsrq!.Value, s.Nr.Sinr!.Value));
    }

    [Fact]
    public void ParseServingCell_Searching_StateWithoutCell()
    {
        var s = QuectelParsers.ParseServingCell("+QENG: \"servingcell\",\"SEARCH\"\r\nOK")!;
        Assert.Equal("SEARCH", s.State);
        Assert.Null(s.Primary);
    }

    [Fact]
    public void ParseQgpsLoc_NmeaStyleMode0_DecimalDegrees()
    {
        var fix = QuectelGnssParser.ParseQgpsLoc("+QGPSLOC: 061951.000,3150.7223N,11711.9293E,0.7,62.2,2,0.00,0.0,0.0,110513,09")!;
        Assert.Equal(31 + (50.7223 / 60), fix.Latitude, 9);
        Assert.Equal(117 + (11.9293 / 60), fix.Longitude, 9);
        Assert.Equal(new DateTimeOffset(2013, 5, 11, 6, 19, 51, TimeSpan.Zero), fix.Time);
    }

    [Fact]
    public void ParseQgpsLoc_NotFixed_Null() => Assert.Null(QuectelGnssParser.ParseQgpsLoc("+CME ERROR: 516"));

    [Fact]
    public void ParseNetworkName_Qspn_AllFields()
    {
        var n = QuectelParsers.ParseNetworkName("+QSPN: \"TIM\",\"TIM\",\"\",0,\"22201\"\r\nOK")!;
        Assert.Equal(new QuectelNetworkName("TIM", "TIM", null, 0, "22201"), n);
    }

    [Fact]
    public void ParseCurrent_CopsUcs2_DecodesOperator()
    {
        var c = OperatorParser.ParseCurrent("+COPS: 0,0,\"0054002D004D006F00620069006C0065\",7", ModemCharset.Ucs2)!;
        Assert.Equal("T-Mobile", c.Operator);
        Assert.Equal(AccessTechnology.Lte, c.AccessTech);
    }

    [Theory]
    [InlineData("+CSQ: 31,99", -51.0)]
    [InlineData("+CSQ: 0,0", -113.0)]
    [InlineData("+CSQ: 99,99", null)]
    public void ParseCsq_Index_Dbm(string response, double? dbm) => Assert.Equal(dbm, SignalQualityParser.ParseCsq(response)!.RssiDbm);
}

public sealed class QuectelCarrierAggregationTests
{
    [Fact]
    public void ParseCarrierAggregation_NrSaSccWithoutSignal_UplinkFieldsNotTakenAsRsrp()
    {
        var ca = QuectelParsers.ParseCarrierAggregation(
            "+QCAINFO: \"PCC\",627264,12,\"NR5G BAND 78\",503\r\n+QCAINFO: \"SCC\",431530,4,\"NR5G BAND 1\",1,312,1,4,431530\r\nOK")!;
        Assert.Equal(503, ca.Pcc!.Pci);
        var scc = Assert.Single(ca.Sccs);
        Assert.Equal(AccessTechnology.Nr5g, scc.Rat);
        Assert.Equal((1, 312, 1, "4", 431530), (scc.State!.Value, scc.Pci!.Value, scc.UlConfigured!.Value, scc.UlBand, scc.UlArfcn!.Value));
        Assert.Null(scc.Rsrp);
    }
}
