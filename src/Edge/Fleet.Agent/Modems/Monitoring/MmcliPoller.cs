using Fleet.Agent.Modems.ModemManager;
using Fleet.Agent.Modems.Simulation;

namespace Fleet.Agent.Modems.Monitoring;

/// <summary>Polls one ModemManager-owned modem through mmcli and maps it to the same <see cref="ModemSnapshot"/>.</summary>
public sealed class MmcliPoller(ModemEndpointOptions endpoint, int modemIndex, MmcliReader reader, TimeSpan interval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _failures;
    private ModemSnapshot _snapshot = new() { Name = endpoint.Name, DevicePath = endpoint.DevicePath, Vendor = endpoint.Vendor ?? ModemVendor.Generic, UpdatedAt = time.GetUtcNow() };

    public ModemSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    public event EventHandler<ModemSnapshot>? Changed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var status = await reader.ReadAsync(modemIndex, cancellationToken).ConfigureAwait(false);
        ModemSnapshot next;
        lock (_gate)
        {
            // mmcli failing (modem index gone after a USB reset) counts like an AT timeout.
            next = status is null
                ? _snapshot with { Connected = false, Timeouts = ++_failures }
                : _snapshot with
                {
                    Connected = true,
                    Model = status.Model,
                    Iccid = status.Iccid ?? _snapshot.Iccid,
                    Operator = status.OperatorName,
                    MccMnc = status.OperatorCode,
                    AccessTech = status.AccessTech,
                    Registration = status.Registration,
                    Rssi = status.Rssi,
                    Rsrp = status.Rsrp,
                    Rsrq = status.Rsrq,
                    Sinr = status.Sinr,
                };
            next = next with { UpdatedAt = time.GetUtcNow() };
            var changed = !next.SameStateAs(_snapshot);
            _snapshot = next;
            if (!changed)
            {
                return;
            }
        }

        Changed?.Invoke(this, next);
    }
}
