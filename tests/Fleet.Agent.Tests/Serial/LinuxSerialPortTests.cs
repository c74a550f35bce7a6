using Fleet.Agent.Serial;

namespace Fleet.Agent.Tests.Serial;

public sealed class LinuxSerialPortTests
{
    [Fact]
    public void Open_MissingPath_ReturnsNotPresent()
    {
        var result = LinuxSerialPort.Open(Path.Combine(Path.GetTempPath(), "no-such-tty-" + Guid.NewGuid()), 115200);
        Assert.False(result.IsOpen);
        Assert.Equal(SerialOpenError.NotPresent, result.Error);
    }

    [Fact]
    public void Open_RegularFile_ReturnsNotATerminal()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = LinuxSerialPort.Open(file, 115200);
            Assert.False(result.IsOpen);
            Assert.Equal(SerialOpenError.NotATerminal, result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Open_UnsupportedBaudRate_ReturnsFailureWithoutThrowing()
    {
        var result = LinuxSerialPort.Open("/dev/null", 12345);
        Assert.False(result.IsOpen);
        Assert.Contains("12345", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AfterClose_ThrowsObjectDisposed()
    {
        await using var pty = PtyPair.Create();
        var port = LinuxSerialPort.Open(pty.SlavePath, 9600).Port!;
        port.Close();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => port.ReadAsync(new byte[4], CancellationToken.None).AsTask());
    }
}
