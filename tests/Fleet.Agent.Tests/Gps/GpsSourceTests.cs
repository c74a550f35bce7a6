using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.Agent.Gps;

namespace Fleet.Agent.Tests.Gps;

public class GpsSourceTests
{
    [Fact]
    public async Task GpsdJsonGpsSource_RealSocket_SendsWatchAndParsesTpv()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = new TaskCompletionSource<string>();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
            await writer.WriteLineAsync("""{"class":"VERSION","release":"3.25","proto_major":3,"proto_minor":15}""");
            var reader = new StreamReader(stream, Encoding.ASCII);
            received.SetResult((await reader.ReadLineAsync())!);
            await writer.WriteLineAsync("""{"class":"DEVICES","devices":[]}""");
            await writer.WriteLineAsync("""{"class":"TPV","device":"/dev/ttyUSB1","mode":1,"time":"2024-05-01T10:00:00.000Z"}""");
            await writer.WriteLineAsync("""{"class":"SKY","hdop":0.9}""");
            await writer.WriteLineAsync("""{"class":"TPV","device":"/dev/ttyUSB1","mode":3,"time":"2024-05-01T10:00:01.000Z","lat":-33.8688,"lon":151.2093,"altMSL":12.5,"speed":8.25,"track":271.5}""");
            await writer.WriteLineAsync("""{"class":"TPV", broken""");
        });

        var fixes = new List<GpsFix>();
        await foreach (var fix in new GpsdJsonGpsSource("127.0.0.1", port).ReadFixesAsync(CancellationToken.None))
        {
            fixes.Add(fix);
        }

        await server;
        Assert.Equal(GpsdJsonGpsSource.WatchCommand.TrimEnd('\n'), await received.Task);
        Assert.Equal(2, fixes.Count);
        Assert.Equal(GpsFixMode.NoFix, fixes[0].Mode);
        Assert.Null(fixes[0].Latitude);
        Assert.Equal(new GpsFix(new DateTimeOffset(2024, 5, 1, 10, 0, 1, TimeSpan.Zero), -33.8688, 151.2093, 12.5, 8.25, 271.5, GpsFixMode.Fix3D, null, null), fixes[1]);
    }

    [Fact]
    public async Task NmeaStreamGpsSource_GpsdLog_YieldsSameFixesAsAssembler()
    {
        var log = Path.Combine(GpsdExpectations.Folder, "ublox-neo-m9n-nmea.log");
        var source = new NmeaStreamGpsSource(() => File.OpenRead(log), new DateOnly(1980, 1, 6));

        var fixes = new List<GpsFix>();
        await foreach (var f in source.ReadFixesAsync(CancellationToken.None))
        {
            fixes.Add(f);
        }

        var expected = GpsdExpectations.ReadTpvs(log).Where(t => t.Mode >= 2 && t.Lat is not null).Select(t => t.Time).Distinct().ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, t => Assert.Contains(fixes, f => f.Time == t && f.HasPosition));
    }

    [Fact]
    public async Task NmeaFileReplayGpsSource_FastReplay_PacesByFixTime()
    {
        var path = Path.Combine(GpsdExpectations.Folder, "garmin38.log");
        var source = new NmeaFileReplayGpsSource(path, speed: 20, TimeProvider.System, new DateOnly(1980, 1, 6));
        var started = DateTime.UtcNow;

        var fixes = new List<GpsFix>();
        await foreach (var f in source.ReadFixesAsync(CancellationToken.None))
        {
            fixes.Add(f);
        }

        // 5 fixes 2 s apart: 8 s of receiver time at 20× is 0.4 s.
        var span = (fixes[^1].Time - fixes[0].Time).TotalSeconds / 20;
        Assert.True(fixes.Count >= 5);
        Assert.True((DateTime.UtcNow - started).TotalSeconds >= span * 0.9, "replay did not wait between fixes");
    }
}
