using Fleet.Agent.Serial;

namespace Fleet.Agent.Modems.Simulation;

/// <summary>
/// A simulated modem behind a real pty, reachable at a stable <see cref="DevicePath"/> (a symlink, like a udev
/// name). <see cref="SimulateUsbResetAsync"/> removes the device the way a USB reset does: the pty is closed
/// (the agent's open descriptor gets a hang-up/EIO), the path disappears (reopen fails with ENOENT), and after
/// the downtime a new pty appears at the same path.
/// </summary>
public sealed class SimulatedModemDevice : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private PtyPair? _pty;
    private CancellationTokenSource? _run;
    private Task _serving = Task.CompletedTask;

    private SimulatedModemDevice(string devicePath, SimulatedModem modem)
    {
        DevicePath = devicePath;
        Modem = modem;
    }

    public string DevicePath { get; }

    public SimulatedModem Modem { get; }

    public bool IsPresent
    {
        get
        {
            lock (_gate)
            {
                return _pty is not null;
            }
        }
    }

    /// <summary>Creates the pty, links <paramref name="devicePath"/> to it and starts answering.</summary>
    public static SimulatedModemDevice Start(string devicePath, ModemScenario scenario, TimeProvider time)
    {
        var device = new SimulatedModemDevice(devicePath, new SimulatedModem(scenario, time));
        device.Appear();
        return device;
    }

    public async Task SimulateUsbResetAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        await DisappearAsync().ConfigureAwait(false);
        await Task.Delay(downtime, cancellationToken).ConfigureAwait(false);
        Appear();
    }

    public async ValueTask DisposeAsync() => await DisappearAsync().ConfigureAwait(false);

    private void Appear()
    {
        lock (_gate)
        {
            var pty = PtyPair.Create();
            var temp = DevicePath + ".new";
            File.Delete(temp);
            File.CreateSymbolicLink(temp, pty.SlavePath);
            File.Move(temp, DevicePath, overwrite: true);
            _pty = pty;
            _run = new CancellationTokenSource();
            _serving = Modem.RunAsync(pty.Master, _run.Token);
        }
    }

    private async Task DisappearAsync()
    {
        PtyPair? pty;
        CancellationTokenSource? run;
        Task serving;
        lock (_gate)
        {
            (pty, run, serving) = (_pty, _run, _serving);
            _pty = null;
            _run = null;
            File.Delete(DevicePath);
        }

        if (run is not null)
        {
            await run.CancelAsync().ConfigureAwait(false);
        }

        if (pty is not null)
        {
            await pty.DisposeAsync().ConfigureAwait(false);
        }

        await serving.ConfigureAwait(false);
        run?.Dispose();
    }
}
