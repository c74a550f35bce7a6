namespace Fleet.Agent.Serial;

/// <summary>Opens real ttys (or pty slaves) through <see cref="LinuxSerialPort"/>.</summary>
public sealed class LinuxSerialPortOpener : ISerialPortOpener
{
    public SerialOpenResult Open(string path, int baudRate) => LinuxSerialPort.Open(path, baudRate);
}
