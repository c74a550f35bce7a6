namespace Fleet.Agent.Serial;

/// <summary>Opens serial devices by path; a seam so the AT engine can be driven by in-memory ports in tests.</summary>
public interface ISerialPortOpener
{
    SerialOpenResult Open(string path, int baudRate);
}

/// <summary>Outcome of opening a device: a port, or why not (missing tty after a USB reset is normal).</summary>
public sealed record SerialOpenResult(ISerialPort? Port, SerialOpenError Error, string? Detail)
{
    public static SerialOpenResult Success(ISerialPort port) => new(port, SerialOpenError.None, null);

    public static SerialOpenResult Failure(SerialOpenError error, string detail) => new(null, error, detail);

    public bool IsOpen => Port is not null;
}

public enum SerialOpenError
{
    None,

    /// <summary>The path does not exist (ENOENT) or the device is gone (ENXIO/ENODEV): wait and retry.</summary>
    NotPresent,

    /// <summary>EACCES/EPERM: retrying will not help until permissions change.</summary>
    AccessDenied,

    /// <summary>The path exists but is not a terminal, or termios setup failed.</summary>
    NotATerminal,

    Other,
}
