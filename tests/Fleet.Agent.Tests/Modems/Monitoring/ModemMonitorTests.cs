using Fleet.Agent.Modems.Monitoring;
using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Simulation;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Tests.Modems.Monitoring;

/// <summary>ModemMonitor against simulated SIMCom and Quectel modems on real ptys, replaying a real Irish drive.</summary>
public sealed class ModemMonitorTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-monitor-").FullName;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(40));
    private readonly List<SimulatedModemDevice> _devices = [];
    private ModemMonitor? _monitor;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_monitor is not null)
        {
            await _monitor.StopAsync(CancellationToken.None);
            _monitor.Dispose();
        }

        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
        _cts.Dispose();
    }

    [Fact]
    public async Task Current_TwoVendorsOnRoute_SnapshotsFollowTheRoute()
    {
        var route = IrishDrivingTraceLoader.Load(Directory.EnumerateFiles(
            ModemTestData.Path("cellular_traces", "irish_5g_raca2020", "Download", "Driving"), "*.csv.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First());
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var simcom = Start("sim1", new ModemScenario { Vendor = ModemVendor.Simcom, Echo = true, Route = route, Iccid = "89353010000000000011" }, clock);
        var quectel = Start("sim2", new ModemScenario { Vendor = ModemVendor.Quectel, Echo = false, Route = route, Iccid = "89353050000000000022" }, clock);

        // Move to the first point of the drive that has full LTE signal values.
        var target = route.First(p => p.Rsrp is not null && p.Rsrq is not null && p.Sinr is not null && p.NetworkMode == "LTE" && p.Offset > TimeSpan.Zero);
        clock.Advance(target.Offset);

        var changes = 0;
        _monitor = CreateMonitor(
            new ModemEndpointOptions { Name = "sim1", DevicePath = simcom.DevicePath, Gnss = true },
            new ModemEndpointOptions { Name = "sim2", DevicePath = quectel.DevicePath, Gnss = true });
        _monitor.SnapshotChanged += (_, _) => Interlocked.Increment(ref changes);
        await _monitor.StartAsync(_cts.Token);

        var s1 = await WaitForAsync("sim1", s => s.Rsrp is not null && s.Iccid is not null && s.Operator is not null);
        var s2 = await WaitForAsync("sim2", s => s.Rsrp is not null && s.Iccid is not null && s.Operator is not null);

        foreach (var (snapshot, vendor, iccid) in new[] { (s1, ModemVendor.Simcom, "89353010000000000011"), (s2, ModemVendor.Quectel, "89353050000000000022") })
        {
            Assert.True(snapshot.Connected);
            Assert.Equal(vendor, snapshot.Vendor);
            Assert.Equal(iccid, snapshot.Iccid);
            Assert.Equal(target.OperatorName, snapshot.Operator);
            Assert.Equal(target.MccMnc, snapshot.MccMnc);
            Assert.Equal(AccessTechnology.Lte, snapshot.AccessTech);
            Assert.Equal(RegistrationState.Home, snapshot.Registration);
            Assert.Equal((double)target.Rsrp!.Value, snapshot.Rsrp!.Value, 1);
            Assert.Equal((double)target.Rsrq!.Value, snapshot.Rsrq!.Value, 1);
            Assert.Equal(Math.Round(target.Sinr!.Value), snapshot.Sinr!.Value, 0);
            Assert.Equal(target.CellId.ToString("X", System.Globalization.CultureInfo.InvariantCulture), snapshot.CellId);
        }

        Assert.True(changes >= 2);

        // GNSS fixes through both dialects land on the route point.
        foreach (var name in new[] { "sim1", "sim2" })
        {
            var fix = await _monitor.Gnss(name)!.ReadFixAsync(_cts.Token);
            Assert.NotNull(fix);
            Assert.Equal(target.Latitude, fix.Latitude, 4);
            Assert.Equal(target.Longitude, fix.Longitude, 4);
        }

        // The vehicle moves on: a later point with different RSRP shows up in the snapshot.
        var later = route.First(p => p.Offset > target.Offset && p.Rsrp is not null && p.Rsrp != target.Rsrp && p.NetworkMode == "LTE");
        clock.Advance(later.Offset - target.Offset);
        var moved = await WaitForAsync("sim2", s => s.Rsrp == later.Rsrp);
        Assert.Equal((double)later.Rsrp!.Value, moved.Rsrp);
    }

    [Fact]
    public async Task Current_ModemUsbReset_DisconnectsThenCountsReconnect()
    {
        var point = new RoutePoint(TimeSpan.Zero, 53.3, -6.2, 0, -95, -11, 4, -70, "Operator A", "27201", 0x1234567, 0x10, "LTE");
        var device = Start("sim3", ModemScenario.Fixed(ModemVendor.Quectel, true, point), TimeProvider.System);
        _monitor = CreateMonitor(new ModemEndpointOptions { Name = "sim3", DevicePath = device.DevicePath });
        await _monitor.StartAsync(_cts.Token);
        await WaitForAsync("sim3", s => s.Rsrp is not null);

        var reset = device.SimulateUsbResetAsync(TimeSpan.FromSeconds(1), _cts.Token);
        await WaitForAsync("sim3", s => !s.Connected);
        await reset;
        var back = await WaitForAsync("sim3", s => s.Connected && s.Reconnects == 1 && s.Rsrp is not null);
        Assert.Equal(-95, back.Rsrp);
    }

    [Fact]
    public void Validate_DuplicateAndEmptyEndpoints_Fails()
    {
        var options = new ModemMonitorOptions();
        options.Endpoints.Add(new ModemEndpointOptions { Name = "a", DevicePath = "/dev/ttyUSB2" });
        options.Endpoints.Add(new ModemEndpointOptions { Name = "a", DevicePath = "" });
        var result = new ModemMonitorOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("DevicePath", StringComparison.Ordinal));
    }

    private SimulatedModemDevice Start(string name, ModemScenario scenario, TimeProvider clock)
    {
        var device = SimulatedModemDevice.Start(Path.Combine(_dir, "tty-" + name), scenario, clock);
        _devices.Add(device);
        return device;
    }

    private static ModemMonitor CreateMonitor(params ModemEndpointOptions[] endpoints)
    {
        var options = new ModemMonitorOptions { PollInterval = TimeSpan.FromMilliseconds(200), CommandTimeout = TimeSpan.FromSeconds(1) };
        foreach (var e in endpoints)
        {
            options.Endpoints.Add(e);
        }

        return new ModemMonitor(Options.Create(options), new LinuxSerialPortOpener(), new Fleet.Agent.Health.ProcessRunner(), TimeProvider.System, NullLoggerFactory.Instance);
    }

    private async Task<ModemSnapshot> WaitForAsync(string name, Func<ModemSnapshot, bool> condition)
    {
        while (true)
        {
            if (_monitor!.Current.TryGetValue(name, out var s) && condition(s))
            {
                return s;
            }

            await Task.Delay(50, _cts.Token);
        }
    }
}
