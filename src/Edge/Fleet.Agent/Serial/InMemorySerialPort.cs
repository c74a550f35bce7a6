using System.Text;
using System.Threading.Channels;

namespace Fleet.Agent.Serial;

/// <summary>
/// Test double: the "device side" pushes bytes with <see cref="Inject(string)"/> and reads what the agent wrote
/// with <see cref="ReadWrittenAsync"/>. <see cref="Vanish"/> makes pending and later calls fail like a USB reset.
/// </summary>
public sealed class InMemorySerialPort : ISerialPort
{
    private readonly Channel<byte[]> _toHost = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<byte[]> _fromHost = Channel.CreateUnbounded<byte[]>();
    private byte[] _partial = [];
    private int _partialOffset;
    private volatile bool _gone;
    private volatile bool _closed;

    public InMemorySerialPort(string name = "memory") => Name = name;

    public string Name { get; }

    public bool IsClosed => _closed;

    public void Inject(string text) => Inject(Encoding.ASCII.GetBytes(text));

    public void Inject(byte[] bytes) => _toHost.Writer.TryWrite(bytes);

    /// <summary>Next chunk the agent wrote (one WriteAsync call).</summary>
    public async ValueTask<string> ReadWrittenAsync(CancellationToken cancellationToken) =>
        Encoding.ASCII.GetString(await _fromHost.Reader.ReadAsync(cancellationToken).ConfigureAwait(false));

    public void Vanish()
    {
        _gone = true;
        _toHost.Writer.TryComplete();
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_partialOffset >= _partial.Length)
        {
            try
            {
                _partial = await _toHost.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                _partialOffset = 0;
            }
            catch (ChannelClosedException)
            {
                throw new SerialPortGoneException(Name + ": gone", SerialNative.EIo);
            }
        }

        var n = Math.Min(buffer.Length, _partial.Length - _partialOffset);
        _partial.AsSpan(_partialOffset, n).CopyTo(buffer.Span);
        _partialOffset += n;
        return n;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_gone)
        {
            throw new SerialPortGoneException(Name + ": gone", SerialNative.EIo);
        }

        _fromHost.Writer.TryWrite(data.ToArray());
        return ValueTask.CompletedTask;
    }

    public void Close() => _closed = true;

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
