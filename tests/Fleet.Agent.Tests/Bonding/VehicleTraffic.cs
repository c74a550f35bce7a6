using System.Buffers.Binary;
using Fleet.Bonding.Tun;

namespace Fleet.Agent.Tests.Bonding;

/// <summary>The vehicle LAN: numbered IPv4/UDP packets from 10.10.0.2 written into the agent's TUN every few ms.</summary>
internal sealed class VehicleTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private uint _next;

    public VehicleTraffic(MemoryTunDevice tun, TimeSpan period) => _run = RunAsync(tun, period);

    public uint Sent => Volatile.Read(ref _next);

    private async Task RunAsync(MemoryTunDevice tun, TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                tun.Inject(Packet(Interlocked.Increment(ref _next) - 1));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    public static byte[] Packet(uint sequence)
    {
        var packet = new byte[200];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        byte[] source = [10, 10, 0, 2], destination = [10, 20, 0, 2];
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 6000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(packet.Length - 20));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), sequence);
        return packet;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
