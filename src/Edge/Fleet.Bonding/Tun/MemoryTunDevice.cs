using System.Threading.Channels;

namespace Fleet.Bonding.Tun;

/// <summary>
/// In-memory <see cref="ITunDevice"/> for tests: <see cref="Inject"/> is what the OS would route into
/// the tunnel (returned by <see cref="ReadAsync"/>); packets the session writes are collected and can
/// be awaited with <see cref="ReadWrittenAsync"/>. Writes beyond <paramref name="writeCapacity"/> fail.
/// </summary>
public sealed class MemoryTunDevice(string name = "memtun", int mtu = 1424, int writeCapacity = 100_000) : ITunDevice
{
    private readonly Channel<byte[]> _toSession = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _written = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(writeCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private long _writtenCount;

    public string Name => name;

    public int Mtu => mtu;

    public long WrittenCount => Interlocked.Read(ref _writtenCount);

    /// <summary>When false, written packets are only counted, not kept (throughput tests).</summary>
    public bool KeepWritten { get; set; } = true;

    public void Inject(ReadOnlySpan<byte> packet) => _toSession.Writer.TryWrite(packet.ToArray());

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var packet = await _toSession.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            packet.CopyTo(buffer);
            return packet.Length;
        }
        catch (ChannelClosedException)
        {
            return 0;
        }
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        Interlocked.Increment(ref _writtenCount);
        return !KeepWritten || _written.Writer.TryWrite(packet.ToArray());
    }

    public bool TryTakeWritten(out byte[] packet) => _written.Reader.TryRead(out packet!);

    public ValueTask<byte[]> ReadWrittenAsync(CancellationToken cancellationToken) => _written.Reader.ReadAsync(cancellationToken);

    public void Dispose() => _toSession.Writer.TryComplete();
}
