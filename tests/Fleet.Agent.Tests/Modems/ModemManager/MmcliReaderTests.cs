using Fleet.Agent.Health;
using Fleet.Agent.Modems.ModemManager;
using Fleet.Agent.Modems.Parsing;

namespace Fleet.Agent.Tests.Modems.ModemManager;

/// <summary>Recorded mmcli 1.20-style JSON (keys as mmcli documents them; "--" for unknown values).</summary>
public sealed class MmcliReaderTests
{
    internal const string Modem = """
        {"modem":{"3gpp":{"enabled-locks":["fixed-dialing"],"imei":"867034000000011","operator-code":"22201","operator-name":"TIM",
        "packet-service-state":"attached","pco":"--","registration-state":"home"},
        "dbus-path":"/org/freedesktop/ModemManager1/Modem/0",
        "generic":{"access-technologies":["lte","5gnr"],"bearers":[],"device":"/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1",
        "drivers":["option","qmi_wwan"],"equipment-identifier":"867034000000011","manufacturer":"Quectel","model":"RM520N-GL",
        "plugin":"quectel","ports":["cdc-wdm0 (qmi)","ttyUSB2 (at)"],"power-state":"on","primary-port":"cdc-wdm0",
        "revision":"RM520NGLAAR03A03M4G","signal-quality":{"recent":"yes","value":"67"},"sim":"/org/freedesktop/ModemManager1/SIM/3",
        "state":"connected","state-failed-reason":"--","unlock-required":"--"}}}
        """;

    internal const string Signal = """
        {"modem":{"signal":{"5g":{"error-rate":"--","rsrp":"-96.00","rsrq":"-10.00","snr":"18.00"},
        "cdma1x":{"ecio":"--","error-rate":"--","rssi":"--"},"evdo":{"ecio":"--","error-rate":"--","io":"--","rssi":"--","sinr":"--"},
        "gsm":{"error-rate":"--","rssi":"--"},"lte":{"error-rate":"--","rsrp":"-99.00","rsrq":"-14.00","rssi":"-66.00","snr":"7.00"},
        "refresh":{"rate":"5"},"umts":{"ecio":"--","error-rate":"--","rscp":"--","rssi":"--"}}}}
        """;

    internal const string Sim = """
        {"sim":{"dbus-path":"/org/freedesktop/ModemManager1/SIM/3","properties":{"active":"yes","eid":"--","emergency-numbers":[],
        "esim-status":"--","iccid":"8939010000000000123","imsi":"222010000000123","operator-code":"22201","operator-name":"TIM","removability":"--","sim-type":"--"}}}
        """;

    [Fact]
    public void Parse_ModemAndSignal_MapsOperatorRegistrationAndLteSignal()
    {
        var s = MmcliReader.Parse(Modem, Signal)!;
        Assert.Equal("TIM", s.OperatorName);
        Assert.Equal("22201", s.OperatorCode);
        Assert.Equal(RegistrationState.Home, s.Registration);
        Assert.Equal(AccessTechnology.LteNr5gNsa, s.AccessTech);
        Assert.Equal(67, s.SignalQualityPercent);
        Assert.Equal((-99.0, -14.0, -66.0, 7.0), (s.Rsrp!.Value, s.Rsrq!.Value, s.Rssi!.Value, s.Sinr!.Value));
    }

    [Fact]
    public void Parse_NotJsonOrNoModem_Null()
    {
        Assert.Null(MmcliReader.Parse("error: couldn't find modem", null));
        Assert.Null(MmcliReader.Parse("{\"other\":{}}", null));
    }

    [Fact]
    public async Task ReadAsync_RunsMmcliForModemSignalAndSim()
    {
        var runner = new RecordedMmcli();
        var s = await new MmcliReader(runner).ReadAsync(0, CancellationToken.None);
        Assert.Equal("8939010000000000123", s!.Iccid);
        Assert.Equal(["-J -m 0", "-J -m 0 --signal-get", "-J -i 3"], runner.Calls);
    }

    [Fact]
    public async Task ReadAsync_MmcliNotInstalled_Null() =>
        Assert.Null(await new MmcliReader(new ProcessRunner(), "/nonexistent/mmcli").ReadAsync(0, CancellationToken.None));

    private sealed class RecordedMmcli : IProcessRunner
    {
        public List<string> Calls { get; } = [];

        public Task<ProcessOutput?> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var args = string.Join(' ', arguments);
            Calls.Add(args);
            var output = args switch
            {
                "-J -m 0" => Modem,
                "-J -m 0 --signal-get" => Signal,
                "-J -i 3" => Sim,
                _ => null,
            };
            return Task.FromResult<ProcessOutput?>(output is null ? new ProcessOutput(1, "", "error: invalid") : new ProcessOutput(0, output, ""));
        }
    }
}
