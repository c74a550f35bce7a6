using Fleet.Agent.Modems.Gnss;
using Fleet.Agent.Modems.Monitoring;
using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;
using WireRegistration = Fleet.Contracts.Telemetry.RegistrationState;

namespace Fleet.Agent.Tests.Telemetry;

public sealed class ModemRadioLinkQualitySourceTests
{
    private sealed class FixedLinks(params string[] names) : ILinkQualitySource
    {
        public IReadOnlyList<LinkSample> Sample(long unixMs) =>
            names.Select(n => new LinkSample(n, unixMs, 10, 20, 5000, 40, 3, 500, LinkState.Up, 0, 0, 0, 0, AccessTech.Unknown, 0, WireRegistration.RegistrationUnknown)).ToList();
    }

    private sealed class FixedModems(params ModemSnapshot[] snapshots) : IModemMonitor
    {
        public IReadOnlyDictionary<string, ModemSnapshot> Current { get; } = snapshots.ToDictionary(s => s.Name);

        public event EventHandler<ModemSnapshot>? SnapshotChanged { add { } remove { } }

        public IModemGnss? Gnss(string modemName) => null;
    }

    [Fact]
    public void Sample_UplinkServedByModem_CarriesRadioMetricsIntoBatch()
    {
        var modem = new ModemSnapshot
        {
            Name = "sim-a", DevicePath = "/dev/ttyUSB2", Rssi = -71, Rsrp = -98.4, Rsrq = -11.5, Sinr = 7.25,
            Operator = "Vodafone IE", MccMnc = "27201", AccessTech = AccessTechnology.LteNr5gNsa, CellId = "1A2B3C4",
            Registration = Fleet.Agent.Modems.Parsing.RegistrationState.Roaming, Iccid = "8935301234567890123",
        };
        var source = new ModemRadioLinkQualitySource(new FixedLinks("wwan0", "wwan1"), new FixedModems(modem), new Dictionary<string, string> { ["wwan0"] = "sim-a" });

        var samples = source.Sample(1_700_000_000_000);
        var batch = BatchDecoder.Decode(BatchEncoder.Encode("b", 1, 1_700_000_000_000, 1_700_000_000_001, samples, "t"));
        var a = batch.Links.Single(l => l.LinkName == "wwan0");
        var b = batch.Links.Single(l => l.LinkName == "wwan1");

        Assert.Equal((-71, -98, -115, 73), (a.RssiDbm, a.RsrpDbm, a.RsrqDb10, a.SinrDb10));
        Assert.Equal(("Vodafone IE", "27201", "8935301234567890123"), (a.OperatorName, a.MccMnc, a.Iccid));
        Assert.Equal((AccessTech.Nr5GNsa, 0x1A2B3C4UL, WireRegistration.RegistrationRoaming), (a.AccessTech, a.CellId, a.Registration));
        Assert.Equal(5000u, a.RateKbps);
        Assert.Equal(("", 0, 0UL), (b.OperatorName, b.RsrpDbm, b.CellId)); // no modem: link metrics only
    }

    [Theory]
    [InlineData("1A2B", 0x1A2BUL)]
    [InlineData("0x00FF", 0xFFUL)]
    [InlineData("\"BEEF\"", 0xBEEFUL)]
    [InlineData("not-a-cell", 0UL)]
    [InlineData(null, 0UL)]
    public void ParseCellId_ModemFormats_HexOrZero(string? text, ulong expected) =>
        Assert.Equal(expected, ModemRadioLinkQualitySource.ParseCellId(text));
}
