namespace Fleet.Agent.Serial;

/// <summary>
/// The device behind a serial port vanished (EIO/ENXIO/ENODEV on a tty, hang-up on a pty). Distinct from
/// other I/O errors because the right reaction is "close and reopen later", not "retry now".
/// </summary>
public sealed class SerialPortGoneException : IOException
{
    public SerialPortGoneException(string message, int errno)
        : base(message) => Errno = errno;

    public SerialPortGoneException()
    {
    }

    public SerialPortGoneException(string message)
        : base(message)
    {
    }

    public SerialPortGoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The libc errno that revealed the loss (0 for end-of-file).</summary>
    public int Errno { get; }
}
