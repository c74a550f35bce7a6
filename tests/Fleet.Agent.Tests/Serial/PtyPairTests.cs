using System.Text;
using Fleet.Agent.Serial;

namespace Fleet.Agent.Tests.Serial;

public sealed class PtyPairTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Create_BytesWrittenOnSlave_ArriveOnMasterUnchanged()
    {
        await using var pty = PtyPair.Create();
        var open = LinuxSerialPort.Open(pty.SlavePath, 115200);
        Assert.True(open.IsOpen, open.Detail);
        await using var slave = open.Port!;
        using var cts = new CancellationTokenSource(Limit);

        // CR must pass through untranslated and nothing may be echoed back: both ends are raw.
        await slave.WriteAsync(Encoding.ASCII.GetBytes("AT+CSQ\r"), cts.Token);
        Assert.Equal("AT+CSQ\r", await ReadExactlyAsync(pty.Master, 7, cts.Token));

        await pty.Master.WriteAsync(Encoding.ASCII.GetBytes("\r\nOK\r\n"), cts.Token);
        Assert.Equal("\r\nOK\r\n", await ReadExactlyAsync(slave, 6, cts.Token));
    }

    [Fact]
    public async Task Read_MasterClosed_ThrowsSerialPortGone()
    {
        var pty = PtyPair.Create();
        var slave = LinuxSerialPort.Open(pty.SlavePath, 115200).Port!;
        using var cts = new CancellationTokenSource(Limit);
        var read = slave.ReadAsync(new byte[16], cts.Token).AsTask();
        await pty.DisposeAsync();
        await Assert.ThrowsAsync<SerialPortGoneException>(() => read);
        slave.Close();
    }

    internal static async Task<string> ReadExactlyAsync(ISerialPort port, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            got += await port.ReadAsync(buffer.AsMemory(got), cancellationToken);
        }

        return Encoding.ASCII.GetString(buffer);
    }
}
