using Fleet.Bonding.Protocol;

namespace Fleet.Bonding.Tun;

/// <summary>Takes one packet read from a TUN device; the span is only valid during the call.</summary>
public delegate void TunPacketHandler(ReadOnlySpan<byte> packet);

/// <summary>The read loop both ends run on their TUN device: one reusable buffer, each packet handed on.</summary>
public static class TunPump
{
    /// <summary>Reads packets and hands each to <paramref name="handle"/> until cancelled or the device closes.</summary>
    public static async Task RunAsync(ITunDevice tun, TunPacketHandler handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tun);
        ArgumentNullException.ThrowIfNull(handle);
        var buffer = new byte[BondingProtocol.ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await tun.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (length <= 0)
            {
                return;
            }

            handle(buffer.AsSpan(0, length));
        }
    }
}
