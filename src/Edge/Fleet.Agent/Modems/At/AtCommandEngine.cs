using System.Text;
using System.Threading.Channels;
using Fleet.Agent.Serial;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Modems.At;

/// <summary>
/// AT command/response engine over one tty. <see cref="RunAsync"/> owns the port: it opens it, reads lines,
/// and when the device vanishes (USB reset) fails the in-flight command with <see cref="AtStatus.PortGone"/>,
/// then reopens with exponential backoff. <see cref="SendAsync"/> runs one command at a time; echo (ATE1)
/// is recognised and dropped, unsolicited codes that arrive mid-response go to <see cref="Urcs"/>.
/// </summary>
public sealed partial class AtCommandEngine : IAtChannel
{
    private readonly AtEngineOptions _options;
    private readonly ISerialPortOpener _opener;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _urcPrefixes;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<AtUrc> _urcs = Channel.CreateBounded<AtUrc>(
        new BoundedChannelOptions(512) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    private readonly Lock _sync = new();
    private PendingCommand? _pending;
    private volatile ISerialPort? _port;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _commands;
    private long _timeouts;
    private long _errors;
    private long _reconnects;
    private long _portLosses;
    private int _consecutiveTimeouts;

    public AtCommandEngine(AtEngineOptions options, ISerialPortOpener opener, TimeProvider time, ILogger<AtCommandEngine> logger)
    {
        _options = options;
        _opener = opener;
        _time = time;
        _logger = logger;
        _urcPrefixes = [.. AtLineClassifier.DefaultUrcPrefixes, .. options.ExtraUrcPrefixes];
    }

    public bool IsConnected => _port is not null;

    public string DevicePath => _options.DevicePath;

    public AtChannelCounters Counters => new(
        Interlocked.Read(ref _commands), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _errors),
        Interlocked.Read(ref _reconnects), Interlocked.Read(ref _portLosses));

    public ChannelReader<AtUrc> Urcs => _urcs.Reader;

    /// <summary>Completes when a tty is open (or at once if one is).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Open → read until the device vanishes → back off → reopen, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectMinDelay;
        var everOpened = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var open = _opener.Open(_options.DevicePath, _options.BaudRate);
            if (open.Port is not { } port)
            {
                LogOpenFailed(_options.DevicePath, open.Error, open.Detail, delay);
                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                continue;
            }

            if (everOpened)
            {
                Interlocked.Increment(ref _reconnects);
            }

            everOpened = true;
            delay = _options.ReconnectMinDelay;
            LogOpened(_options.DevicePath);
            try
            {
                var reader = ReadLoopAsync(port, cancellationToken);
                SetPort(port);
                await InitialiseAsync(cancellationToken).ConfigureAwait(false);
                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (IOException ex)
            {
                Interlocked.Increment(ref _portLosses);
                LogPortLost(_options.DevicePath, ex.Message);
            }
            catch (ObjectDisposedException)
            {
                Interlocked.Increment(ref _portLosses);
            }
            finally
            {
                ClearPort();
                port.Close();
            }

            if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        ClearPort();
    }

    public async Task<AtResult> SendAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var limit = timeout ?? _options.DefaultTimeout;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var port = _port;
            if (port is null)
            {
                return AtResult.Failure(AtStatus.NotConnected, command);
            }

            Interlocked.Increment(ref _commands);
            var pending = new PendingCommand(command.Trim(), AtLineClassifier.CommandName(command));
            lock (_sync)
            {
                _pending = pending;
            }

            try
            {
                await port.WriteAsync(Encoding.ASCII.GetBytes(command.Trim() + "\r"), cancellationToken).ConfigureAwait(false);
                var result = await pending.Completion.Task.WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);
                if (result.Status is AtStatus.Error or AtStatus.CmeError or AtStatus.CmsError)
                {
                    Interlocked.Increment(ref _errors);
                }

                _consecutiveTimeouts = 0;
                return result;
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _timeouts);
                LogTimeout(command, limit);
                if (_options.ReopenAfterConsecutiveTimeouts > 0 && ++_consecutiveTimeouts >= _options.ReopenAfterConsecutiveTimeouts)
                {
                    // Closing makes the read loop fail, which runs the normal lost-port path and reopens.
                    _consecutiveTimeouts = 0;
                    LogReopenAfterTimeouts(_options.DevicePath, _options.ReopenAfterConsecutiveTimeouts);
                    port.Close();
                }

                return AtResult.Failure(AtStatus.Timeout, command, pending.SnapshotLines());
            }
            catch (IOException)
            {
                return AtResult.Failure(AtStatus.PortGone, command, pending.SnapshotLines());
            }
            catch (ObjectDisposedException)
            {
                return AtResult.Failure(AtStatus.PortGone, command, pending.SnapshotLines());
            }
            finally
            {
                lock (_sync)
                {
                    if (ReferenceEquals(_pending, pending))
                    {
                        _pending = null;
                    }
                }
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Feeds one received line through the classifier; internal so the line logic is unit-testable without a port.</summary>
    internal void HandleLine(string line)
    {
        lock (_sync)
        {
            var pending = _pending;
            if (pending is null)
            {
                // A final code with nothing in flight is the tail of a command that already timed out.
                if (!AtLineClassifier.TryParseFinal(line, out var stray, out _, out _) || stray == AtStatus.NoCarrier)
                {
                    PublishUrc(line);
                }

                return;
            }

            if (!pending.SawAnswer && string.Equals(line, pending.Command, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (AtLineClassifier.TryParseFinal(line, out var status, out var code, out var text))
            {
                pending.Completion.TrySetResult(new AtResult(status, pending.Command, pending.SnapshotLines(), code, text));
                _pending = null;
                return;
            }

            if (AtLineClassifier.IsUnsolicited(line, pending.CommandName, _urcPrefixes))
            {
                PublishUrc(line);
                return;
            }

            pending.Add(line);
        }
    }

    private async Task ReadLoopAsync(ISerialPort port, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new byte[1024];
        var line = new StringBuilder();
        while (true)
        {
            int n;
            try
            {
                n = await port.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Fail the in-flight command now rather than letting it run into its timeout.
                ClearPort();
                throw;
            }

            for (var i = 0; i < n; i++)
            {
                var b = buffer[i];
                if (b is (byte)'\r' or (byte)'\n')
                {
                    if (line.Length > 0)
                    {
                        var text = line.ToString().Trim();
                        line.Clear();
                        if (text.Length > 0)
                        {
                            HandleLine(text);
                        }
                    }
                }
                else if (b != 0)
                {
                    line.Append((char)b);
                    if (line.Length == 2 && line[0] == '>' && line[1] == ' ')
                    {
                        // SMS text prompt: not a line, and it never gets a terminator.
                        line.Clear();
                    }
                }
            }
        }
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        foreach (var command in _options.InitCommands)
        {
            var result = await SendAsync(command, null, cancellationToken).ConfigureAwait(false);
            if (!result.IsOk)
            {
                LogInitFailed(command, result.Status);
            }
        }
    }

    private void SetPort(ISerialPort port)
    {
        lock (_sync)
        {
            _port = port;
            _connected.TrySetResult();
        }
    }

    private void ClearPort()
    {
        lock (_sync)
        {
            if (_port is not null)
            {
                _port = null;
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (_pending is { } pending)
            {
                pending.Completion.TrySetResult(AtResult.Failure(AtStatus.PortGone, pending.Command, pending.SnapshotLines()));
                _pending = null;
            }
        }
    }

    private void PublishUrc(string line) => _urcs.Writer.TryWrite(new AtUrc(line, _time.GetUtcNow()));

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class PendingCommand(string command, string? commandName)
    {
        private readonly List<string> _lines = [];

        public string Command { get; } = command;

        public string? CommandName { get; } = commandName;

        public bool SawAnswer { get; private set; }

        public TaskCompletionSource<AtResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
                SawAnswer = true;
            }
        }

        public IReadOnlyList<string> SnapshotLines()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }
}
