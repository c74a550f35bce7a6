namespace Fleet.Agent.Serial;

/// <summary>
/// A byte stream to a serial device (a modem's AT tty). Reads and writes throw
/// <see cref="SerialPortGoneException"/> when the device disappears (USB reset, unplug) so the
/// caller can reopen; every other failure is an <see cref="IOException"/>.
/// </summary>
public interface ISerialPort : IAsyncDisposable
{
    /// <summary>Path or label of the device, for logs.</summary>
    string Name { get; }

    /// <summary>Reads at least one byte; waits until data arrives or <paramref name="cancellationToken"/> fires.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes all of <paramref name="data"/>.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Releases the device; later reads and writes fail with <see cref="ObjectDisposedException"/>.</summary>
    void Close();
}
