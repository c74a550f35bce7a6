using Fleet.Agent.Modems.At;
using Fleet.Agent.Modems.Parsing.Quectel;
using Fleet.Agent.Modems.Parsing.ThreeGpp;
using Fleet.Agent.Modems.Simulation;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Tests.Modems.Simulation;

/// <summary>The real engine and the real tty code against the simulated modem through a real pty.</summary>
public sealed class SimulatedModemPtyTests : IAsyncLifetime
{
    private static readonly RoutePoint Point = new(TimeSpan.Zero, 51.9163, -8.4481, 30, -88, -9, 9.0, -69, "Operator B", "27205", 70430210, 0x9CBA, "LTE");

    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-modem-").FullName;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));
    private SimulatedModemDevice? _device;
    private AtCommandEngine? _engine;
    private Task _run = Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        await _run;
        if (_device is not null)
        {
            await _device.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
        _cts.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_EchoOnOrOff_ReturnsOnlyTheAnswer(bool echo)
    {
        await StartAsync(ModemScenario.Fixed(ModemVendor.Quectel, echo, Point));
        var result = await _engine!.SendAsync("AT+CSQ");
        Assert.Equal(AtStatus.Ok, result.Status);
        Assert.Equal(["+CSQ: 22,99"], result.Lines);
        Assert.Equal(-69.0, SignalQualityParser.ParseCsq(result.Text)!.RssiDbm);
    }

    [Fact]
    public async Task SendAsync_UrcMidResponse_ResponseIntactAndUrcDelivered()
    {
        await StartAsync(ModemScenario.Fixed(ModemVendor.Quectel, true, Point));
        _device!.Modem.InjectUrcInNextResponse("+CEREG: 1,\"9CBA\",\"432AE02\",7");
        var result = await _engine!.SendAsync("AT+QENG=\"servingcell\"");
        Assert.Equal(AtStatus.Ok, result.Status);
        var serving = QuectelParsers.ParseServingCell(result.Text);
        Assert.Equal(-88, serving!.Lte!.Rsrp);
        Assert.Equal(9, serving.Lte.Sinr);
        var urc = await _engine.Urcs.ReadAsync(_cts.Token);
        Assert.Equal(0x432AE02UL, RegistrationParser.Parse(urc.Line, solicited: false)!.CellId);
    }

    [Fact]
    public async Task SendAsync_ModemSilent_TimesOutThenRecovers()
    {
        await StartAsync(ModemScenario.Fixed(ModemVendor.Simcom, true, Point));
        _device!.Modem.IgnoreCommand("AT+CPSI?");
        var timedOut = await _engine!.SendAsync("AT+CPSI?", TimeSpan.FromMilliseconds(300));
        Assert.Equal(AtStatus.Timeout, timedOut.Status);
        var next = await _engine.SendAsync("AT+CPSI?");
        Assert.Equal(AtStatus.Ok, next.Status);
        Assert.StartsWith("+CPSI: LTE,Online,272-05", next.Lines[0], StringComparison.Ordinal);
        Assert.Equal(1, _engine.Counters.Timeouts);
    }

    [Fact]
    public async Task RunAsync_UsbResetVanishAndReturn_ReopensAndCountsReconnect()
    {
        await StartAsync(ModemScenario.Fixed(ModemVendor.Quectel, true, Point));
        Assert.Equal(AtStatus.Ok, (await _engine!.SendAsync("AT")).Status);

        var reset = _device!.SimulateUsbResetAsync(TimeSpan.FromMilliseconds(800), _cts.Token);
        await WaitUntilAsync(() => !_engine.IsConnected);
        var during = await _engine.SendAsync("AT", TimeSpan.FromMilliseconds(200));
        Assert.Contains(during.Status, new[] { AtStatus.NotConnected, AtStatus.PortGone, AtStatus.Timeout });
        await reset;

        await _engine.WaitConnectedAsync(_cts.Token);
        var after = await _engine.SendAsync("AT+CSQ");
        Assert.Equal(AtStatus.Ok, after.Status);
        Assert.Equal(1, _engine.Counters.Reconnects);
        Assert.True(_engine.Counters.PortLosses >= 1);
    }

    [Fact]
    public async Task SendAsync_RepeatedTimeouts_ReopensPortAndRecovers()
    {
        await StartAsync(ModemScenario.Fixed(ModemVendor.Quectel, false, Point), reopenAfter: 2);
        _device!.Modem.IgnoreCommand("AT+CSQ", 2);
        Assert.Equal(AtStatus.Timeout, (await _engine!.SendAsync("AT+CSQ", TimeSpan.FromMilliseconds(200))).Status);
        Assert.Equal(AtStatus.Timeout, (await _engine.SendAsync("AT+CSQ", TimeSpan.FromMilliseconds(200))).Status);
        await WaitUntilAsync(() => _engine.Counters.Reconnects == 1 && _engine.IsConnected);
        Assert.Equal(AtStatus.Ok, (await _engine.SendAsync("AT+CSQ")).Status);
    }

    private async Task StartAsync(ModemScenario scenario, int reopenAfter = 5)
    {
        var path = Path.Combine(_dir, "ttyUSB-sim");
        _device = SimulatedModemDevice.Start(path, scenario, TimeProvider.System);
        var options = new AtEngineOptions { DevicePath = path, ReconnectMinDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromMilliseconds(400), ReopenAfterConsecutiveTimeouts = reopenAfter };
        _engine = new AtCommandEngine(options, new LinuxSerialPortOpener(), TimeProvider.System, NullLogger<AtCommandEngine>.Instance);
        _run = _engine.RunAsync(_cts.Token);
        await _engine.WaitConnectedAsync(_cts.Token);
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20, _cts.Token);
        }
    }
}
