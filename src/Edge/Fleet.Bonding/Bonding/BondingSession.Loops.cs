using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingSession
{
    // ---------------------------------------------------------------- loops

    /// <summary>Agent: reads the TUN device and sends every packet until cancelled or the device closes.</summary>
    public Task RunTunReadAsync(CancellationToken cancellationToken) =>
        TunPump.RunAsync(_tun, packet => SendPacket(packet), cancellationToken);

    /// <summary>Runs <see cref="Tick"/> every <see cref="BondingOptions.TickInterval"/> until cancelled.</summary>
    public async Task RunTickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.TickInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Period of the playout release loop: the granularity of the common-delay release.</summary>
    public static readonly TimeSpan PlayoutReleaseInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>Releases due packets of the playout line every millisecond until cancelled (arrivals
    /// release too; this covers the tail of a burst).</summary>
    public async Task RunPlayoutAsync(CancellationToken cancellationToken)
    {
        if (!_options.CommonDelayRelease)
        {
            return; // nothing ever waits: no 1-ms wake-ups
        }

        using var timer = new PeriodicTimer(PlayoutReleaseInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ReleaseDue();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
