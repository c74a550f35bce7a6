using System.Runtime.InteropServices;
using System.Text;

namespace Fleet.Agent.Serial;

/// <summary>
/// A pseudo-terminal: <see cref="Master"/> plays the device, <see cref="SlavePath"/> is what the agent opens as
/// its "modem tty". The pair keeps one slave descriptor of its own open (never read) so the master does not see
/// EIO between the agent closing and reopening the slave, and so the slave is already in raw mode.
/// Disposing closes everything: the agent's open slave then reads EIO/hang-up, exactly like a USB modem vanishing.
/// </summary>
public sealed unsafe class PtyPair : IAsyncDisposable
{
    private readonly int _keeperFd;
    private bool _disposed;

    private PtyPair(LinuxSerialPort master, string slavePath, int keeperFd)
    {
        Master = master;
        SlavePath = slavePath;
        _keeperFd = keeperFd;
    }

    public ISerialPort Master { get; }

    public string SlavePath { get; }

    /// <summary>Allocates a pty pair; throws <see cref="IOException"/> when the kernel refuses (no /dev/ptmx).</summary>
    public static PtyPair Create()
    {
        var master = SerialNative.PosixOpenPt(SerialNative.ORdWr | SerialNative.ONoCtty | SerialNative.ONonBlock | SerialNative.OCloExec);
        if (master < 0)
        {
            throw Failure("posix_openpt");
        }

        try
        {
            if (SerialNative.GrantPt(master) != 0)
            {
                throw Failure("grantpt");
            }

            if (SerialNative.UnlockPt(master) != 0)
            {
                throw Failure("unlockpt");
            }

            var name = stackalloc byte[128];
            var rc = SerialNative.PtsNameR(master, name, 128);
            if (rc != 0)
            {
                throw new IOException("ptsname_r: " + Marshal.GetPInvokeErrorMessage(rc));
            }

            var slavePath = Encoding.ASCII.GetString(name, IndexOfNul(name));
            var keeper = SerialNative.Open(slavePath, SerialNative.ORdWr | SerialNative.ONoCtty | SerialNative.ONonBlock | SerialNative.OCloExec);
            if (keeper < 0)
            {
                throw Failure("open " + slavePath);
            }

            // Raw on both ends: the line discipline must neither echo nor translate CR/LF, the modem does that.
            SerialNative.MakeRaw(keeper, 115200);
            SerialNative.MakeRaw(master, 0);
            return new PtyPair(new LinuxSerialPort(master, "pty-master:" + slavePath), slavePath, keeper);
        }
        catch
        {
            SerialNative.Close(master);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Master.Close();
            SerialNative.Close(_keeperFd);
        }

        return ValueTask.CompletedTask;
    }

    private static int IndexOfNul(byte* p)
    {
        var i = 0;
        while (i < 128 && p[i] != 0)
        {
            i++;
        }

        return i;
    }

    private static IOException Failure(string what) => new(what + ": " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
}
