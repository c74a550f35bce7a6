using Fleet.Agent.Modems.At;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Agent.Tests.Modems.At;

/// <summary>Line handling of the engine over the in-memory port (the pty tests run it against the simulated modem).</summary>
public sealed class AtCommandEngineTests : IAsyncLifetime
{
    private readonly InMemorySerialPort _port = new();
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));
    private AtCommandEngine _engine = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var options = new AtEngineOptions { DevicePath = "memory", DefaultTimeout = TimeSpan.FromSeconds(2) };
        options.InitCommands.Clear();
        _engine = new AtCommandEngine(options, new SingleUseOpener(_port), TimeProvider.System, NullLogger<AtCommandEngine>.Instance);
        _run = _engine.RunAsync(_cts.Token);
        await _engine.WaitConnectedAsync(_cts.Token);
    }

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        await _run;
        _cts.Dispose();
    }

    [Fact]
    public async Task SendAsync_EchoedCommand_EchoIsNotAResponseLine()
    {
        var send = _engine.SendAsync("AT+CSQ");
        Assert.Equal("AT+CSQ\r", await _port.ReadWrittenAsync(_cts.Token));
        _port.Inject("AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
        var result = await send;
        Assert.Equal(AtStatus.Ok, result.Status);
        Assert.Equal(["+CSQ: 17,99"], result.Lines);
    }

    [Fact]
    public async Task SendAsync_UrcInTheMiddle_GoesToUrcChannelNotResponse()
    {
        var send = _engine.SendAsync("AT+QENG=\"servingcell\"");
        await _port.ReadWrittenAsync(_cts.Token);
        _port.Inject("\r\n+QENG: \"servingcell\",\"NOCONN\"\r\n\r\n+CEREG: 5,\"1F00\",\"79D903\",7\r\n\r\nRING\r\n+QENG: \"LTE\",\"FDD\",222,01,328261F,280,275,1,4,4,BE3,-99,-14,-66,7,4,30,-\r\n\r\nOK\r\n");
        var result = await send;
        Assert.Equal(AtStatus.Ok, result.Status);
        Assert.Equal(2, result.Lines.Count);
        Assert.All(result.Lines, l => Assert.StartsWith("+QENG:", l, StringComparison.Ordinal));
        Assert.Equal("+CEREG: 5,\"1F00\",\"79D903\",7", (await _engine.Urcs.ReadAsync(_cts.Token)).Line);
        Assert.Equal("RING", (await _engine.Urcs.ReadAsync(_cts.Token)).Line);
    }

    [Fact]
    public async Task SendAsync_OwnPrefix_IsAnswerEvenIfItIsAUrcPrefix()
    {
        var send = _engine.SendAsync("AT+CEREG?");
        await _port.ReadWrittenAsync(_cts.Token);
        _port.Inject("\r\n+CEREG: 2,1,\"1F00\",\"79D903\",7\r\n\r\nOK\r\n");
        var result = await send;
        Assert.Equal(["+CEREG: 2,1,\"1F00\",\"79D903\",7"], result.Lines);
        Assert.False(_engine.Urcs.TryRead(out _));
    }

    [Theory]
    [InlineData("+CME ERROR: 10", AtStatus.CmeError, 10)]
    [InlineData("+CMS ERROR: 500", AtStatus.CmsError, 500)]
    [InlineData("ERROR", AtStatus.Error, null)]
    [InlineData("NO CARRIER", AtStatus.NoCarrier, null)]
    public async Task SendAsync_ErrorFinalCode_ReturnedAsValue(string final, AtStatus status, int? code)
    {
        var send = _engine.SendAsync("AT+CPIN?");
        await _port.ReadWrittenAsync(_cts.Token);
        _port.Inject("\r\n" + final + "\r\n");
        var result = await send;
        Assert.Equal(status, result.Status);
        Assert.Equal(code, result.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_NoAnswer_TimesOutAndCounts()
    {
        var result = await _engine.SendAsync("AT+CSQ", TimeSpan.FromMilliseconds(200));
        Assert.Equal(AtStatus.Timeout, result.Status);
        Assert.Equal(1, _engine.Counters.Timeouts);

        // The late answer of the timed-out command must not be taken for the next command's result.
        _port.Inject("\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
        await Task.Delay(100);
        var next = _engine.SendAsync("AT");
        await _port.ReadWrittenAsync(_cts.Token);
        await _port.ReadWrittenAsync(_cts.Token);
        _port.Inject("\r\nOK\r\n");
        Assert.Equal(AtStatus.Ok, (await next).Status);
    }

    [Fact]
    public async Task SendAsync_PortVanishesMidCommand_ReturnsPortGone()
    {
        var send = _engine.SendAsync("AT+COPS?", TimeSpan.FromSeconds(5));
        await _port.ReadWrittenAsync(_cts.Token);
        _port.Vanish();
        var result = await send;
        Assert.Equal(AtStatus.PortGone, result.Status);
    }

    /// <summary>Hands out the in-memory port once; later opens fail as "not present" (the device is gone).</summary>
    private sealed class SingleUseOpener(InMemorySerialPort port) : ISerialPortOpener
    {
        private int _opened;

        public SerialOpenResult Open(string path, int baudRate) =>
            Interlocked.Exchange(ref _opened, 1) == 0 ? SerialOpenResult.Success(port) : SerialOpenResult.Failure(SerialOpenError.NotPresent, "gone");
    }
}
