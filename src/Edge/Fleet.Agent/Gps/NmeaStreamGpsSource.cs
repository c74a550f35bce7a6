using System.Runtime.CompilerServices;
using System.Text;

namespace Fleet.Agent.Gps;

/// <summary>
/// NMEA 0183 from any byte stream: a receiver's tty opened as a file (already configured with the
/// right baud rate by Serial/ or stty), a TCP NMEA feed, or a pipe.
/// </summary>
public sealed class NmeaStreamGpsSource(Func<Stream> open, DateOnly? rolloverReference = null) : IGpsSource
{
    public static NmeaStreamGpsSource ForDevice(string path) =>
        new(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: false));

    public async IAsyncEnumerable<GpsFix> ReadFixesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var assembler = new NmeaFixAssembler(rolloverReference);
        using var stream = open();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        while (!ct.IsCancellationRequested && await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            assembler.Push(line, out var fix);
            if (fix is not null)
            {
                yield return fix;
            }
        }

        if (assembler.Flush() is { } last)
        {
            yield return last;
        }
    }
}
