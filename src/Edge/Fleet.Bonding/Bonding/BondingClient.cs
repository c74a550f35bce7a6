using System.Security.Cryptography;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Bonding;

public sealed class BondingClientOptions
{
    /// <summary>The aggregation server's static public key (64 raw bytes), from central's assignment.</summary>
    public byte[] ServerPublicKey { get; set; } = [];

    public BondingOptions Bonding { get; set; } = new();

    /// <summary>An unanswered handshake is retried (new ephemeral key, new timestamp) after this.</summary>
    public TimeSpan HandshakeRetry { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Agent façade: one session to one aggregation server over the agent's uplinks. Runs the handshake
/// (and rekeys), a receive loop per link, the TUN read loop and the tick loop.
/// </summary>
public sealed partial class BondingClient : IDisposable
{
    private readonly ITunDevice _tun;
    private readonly StaticKeyPair _key;
    private readonly BondingClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _handshakeLock = new();
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, CancellationTokenSource> _linkLoops = [];
    private readonly List<Task> _linkTasks = [];
    private HandshakeInitiator? _pending;
    private CancellationToken _runToken;
    private bool _running;

    public BondingClient(ITunDevice tun, IEnumerable<IDatagramLink> links, StaticKeyPair localKey, BondingClientOptions options,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        if (!StaticKeyPair.IsValidPublicKey(options.ServerPublicKey))
        {
            throw new ArgumentException("ServerPublicKey is not a 64-byte P-256 public key.", nameof(options));
        }

        _tun = tun;
        _key = localKey;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BondingClient>();
        var localId = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)) | 1;
        Session = new BondingSession(localId, tun, options.Bonding, _time, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BondingSession>());
        foreach (var link in links)
        {
            Session.AddLink(link);
        }
    }

    public BondingSession Session { get; }

    public bool IsEstablished => Session.IsEstablished;

    public long HandshakesCompleted { get; private set; }

    public ILinkHintSource? HintSource
    {
        get => Session.HintSource;
        set => Session.HintSource = value;
    }

    public Task WaitEstablishedAsync(CancellationToken cancellationToken) => _established.Task.WaitAsync(cancellationToken);

    public BondingSnapshot Snapshot() => Session.Snapshot();

    public void AddLink(IDatagramLink link)
    {
        Session.AddLink(link);
        lock (_linkLoops)
        {
            if (_running)
            {
                StartLinkLoop(link);
            }
        }
    }

    public bool RemoveLink(int linkId)
    {
        lock (_linkLoops)
        {
            if (_linkLoops.Remove(linkId, out var loop))
            {
                loop.Cancel();
            }
        }

        return Session.RemoveLink(linkId);
    }

    /// <summary>Runs everything until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_linkLoops)
        {
            _runToken = cancellationToken;
            _running = true;
            foreach (var link in Session.Links)
            {
                StartLinkLoop(link);
            }
        }

        var loops = new List<Task>
        {
            Task.Run(() => RunHandshakeAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => Session.RunTunReadAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => Session.RunTickAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => Session.RunPlayoutAsync(cancellationToken), CancellationToken.None),
        };
        await Task.WhenAll(loops).ConfigureAwait(false);
        Task[] linkTasks;
        lock (_linkLoops)
        {
            _running = false;
            linkTasks = [.. _linkTasks];
        }

        await Task.WhenAll(linkTasks).ConfigureAwait(false);
    }

    /// <summary>Starts the first handshake, retries it, and rekeys when the keys age.</summary>
    public async Task RunHandshakeAsync(CancellationToken cancellationToken)
    {
        var check = TimeSpan.FromMilliseconds(Math.Max(10, _options.HandshakeRetry.TotalMilliseconds / 10));
        using var timer = new PeriodicTimer(check, _time);
        try
        {
            do
            {
                if (!Session.IsEstablished || Session.NeedsRekey)
                {
                    StartHandshakeIfDue();
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Sends a new init on every link unless one is pending and younger than the retry interval.</summary>
    public void StartHandshakeIfDue()
    {
        lock (_handshakeLock)
        {
            if (_pending is not null && _time.GetElapsedTime(_pending.StartedTimestamp) < _options.HandshakeRetry)
            {
                return;
            }

            _pending?.Dispose();
            _pending = HandshakeInitiator.Create(_key, _options.ServerPublicKey, Session.LocalSessionId, _time);
            if (_pending is null)
            {
                return;
            }

            Span<byte> message = stackalloc byte[HandshakeLayout.InitSize];
            foreach (var link in Session.Links)
            {
                _pending.Message.CopyTo(message);
                message[2] = (byte)link.Id;
                link.Send(message);
            }

            LogHandshakeSent(_logger, Session.LocalSessionId);
        }
    }

    /// <summary>Dispatches one datagram received on <paramref name="via"/> (handshake response or transport).</summary>
    public DropReason ProcessDatagram(ReadOnlySpan<byte> datagram, IDatagramLink via)
    {
        if (datagram.Length > 0 && datagram[0] == (byte)PacketType.HandshakeResponse)
        {
            return ProcessHandshakeResponse(datagram);
        }

        return Session.ProcessDatagram(datagram, via, null);
    }

    private DropReason ProcessHandshakeResponse(ReadOnlySpan<byte> datagram)
    {
        lock (_handshakeLock)
        {
            if (_pending is null)
            {
                Session.Counters.Drop(DropReason.HandshakeUnexpected);
                return DropReason.HandshakeUnexpected;
            }

            var error = _pending.TryConsumeResponse(datagram, _time.GetTimestamp(), out var keypair, out var remoteId);
            if (error != HandshakeError.None)
            {
                Session.Counters.Drop(DropReason.HandshakeInvalid);
                LogHandshakeRejected(_logger, error);
                return DropReason.HandshakeInvalid;
            }

            _pending.Dispose();
            _pending = null;
            Session.InstallKeypair(keypair!, remoteId);
            HandshakesCompleted++;
            LogEstablished(_logger, Session.LocalSessionId, remoteId, keypair!.Epoch);
        }

        _established.TrySetResult();
        // Probe at once so the server confirms the keys and learns every link.
        Session.Tick();
        return DropReason.None;
    }

    private void StartLinkLoop(IDatagramLink link)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_runToken);
        if (_linkLoops.Remove(link.Id, out var old))
        {
            old.Cancel();
        }

        _linkLoops[link.Id] = cts;
        _linkTasks.Add(Task.Run(() => RunLinkReceiveAsync(link, cts.Token), CancellationToken.None));
    }

    /// <summary>Receives on one uplink until it closes, is removed, or the client stops.</summary>
    public async Task RunLinkReceiveAsync(IDatagramLink link, CancellationToken cancellationToken)
    {
        var buffer = new byte[BondingProtocol.ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                (length, _) = await link.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                // A modem going away surfaces here; the link state machine handles the silence.
                LogLinkReceiveFailed(_logger, link.Id, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (length == 0)
            {
                return;
            }

            ProcessDatagram(buffer.AsSpan(0, length), link);
        }
    }

    public void Dispose()
    {
        lock (_handshakeLock)
        {
            _pending?.Dispose();
            _pending = null;
        }

        Session.Dispose();
    }
}
