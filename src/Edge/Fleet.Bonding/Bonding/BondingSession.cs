using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

/// <summary>
/// One bonded tunnel between an agent and the server — the same engine at both ends. Send path:
/// inner packet → policy picks link(s) → header + AEAD → link. Receive path: datagram → keypair by
/// epoch → replay check → decrypt → per-link stats → reorder → TUN. A periodic <see cref="Tick"/>
/// advances each link's state machine, recomputes weights, sends feedback and probes, and expires
/// reorder holes. Two locks: the send lock (scheduler, estimators, tx keys) and the receive lock
/// (rx keys, replay, reorder, rx stats); when both are needed, receive is taken first.
/// Buffers are preallocated per session; the per-packet paths do not allocate.
/// </summary>
public sealed partial class BondingSession : IDisposable, IPacketSink, IRetransmitRequester
{
    private const long ActiveWindowUs = 2_000_000;
    private const long IdleProbeIntervalUs = 1_000_000;
    private const int UdpIpOverhead = 28;

    /// <summary>"Long ago" that still subtracts without overflow.</summary>
    internal const long Never = -(1L << 60);

    private readonly BondingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITunDevice _tun;
    private readonly IpPrefix[]? _allowedSources;
    private readonly Func<byte, EndPoint, IDatagramLink>? _linkFactory;
    private readonly Lock _txLock = new();
    private readonly Lock _rxLock = new();
    private readonly BondLink?[] _byId = new BondLink?[BondingProtocol.MaxLinks];
    private BondLink[] _links = [];

    private readonly byte[] _txWire = new byte[BondingProtocol.MaxDatagram];
    private readonly byte[] _rxPlain = new byte[BondingProtocol.MaxDatagram];
    private readonly byte[] _feedback = new byte[FeedbackMessage.SizeFor(BondingProtocol.MaxLinks)];
    private readonly FeedbackEntry[] _feedbackEntries = new FeedbackEntry[BondingProtocol.MaxLinks];
    private readonly ReorderBuffer _reorder;
    private readonly PlayoutBuffer _playout = new(new PacketBufferPool(BondingProtocol.MaxInnerPacket, PlayoutBuffer.Capacity));

    /// <summary>Common playout delay in the relative one-way-delay frame (receiver clock − sender clock);
    /// valid when <see cref="_hasPlayoutDelay"/>. Set by the tick from the live links' delays.</summary>
    private long _playoutDelayRelUs;
    private bool _hasPlayoutDelay;
    private long _rxNowUs;
    private readonly RetransmitStore? _retransmits;
    private readonly uint[] _nackQueue = new uint[NackMessage.MaxEntries];
    private readonly byte[] _nackPayload = new byte[NackMessage.SizeFor(NackMessage.MaxEntries)];
    private int _nackCount;
    private long _retransmitted;
    private readonly ReplayWindow _unorderedDedup = new();
    private ulong _unorderedHighest;
    private bool _unorderedAny;

    private Keypair? _current;
    private Keypair? _next;
    private Keypair? _previous;
    private long _previousUntilUs;
    private uint _remoteSessionId;

    private uint _orderedSeq;
    private uint _unorderedSeq;
    private long _lastDataUs = Never;
    private long _activeSinceUs = Never;
    private bool _wasActive;
    private long _lastWeightsUs = Never;
    private long _lastFeedbackUs = Never;
    private long _rxSinceFeedback;
    private bool _disposed;

    public BondingSession(
        uint localSessionId,
        ITunDevice tun,
        BondingOptions options,
        TimeProvider time,
        ILogger logger,
        IEnumerable<IpPrefix>? allowedSources = null,
        Func<byte, EndPoint, IDatagramLink>? linkFactory = null,
        string peerName = "")
    {
        BondingOptionsValidator.ThrowIfInvalid(options);
        LocalSessionId = localSessionId;
        _tun = tun;
        _options = options;
        _time = time;
        _logger = logger;
        _allowedSources = allowedSources?.ToArray();
        _linkFactory = linkFactory;
        PeerName = peerName;
        Policy = options.Mode switch
        {
            SchedulingMode.Redundant => new RedundantPolicy(options),
            SchedulingMode.Balance => new BalancePolicy(),
            _ => new EarliestArrivalPolicy(options),
        };
        var retransmitCapacity = RetransmitStore.RoundUpCapacity(options.RetransmitBufferPackets);
        _retransmits = retransmitCapacity > 0 ? new RetransmitStore(retransmitCapacity) : null;
        _reorder = new ReorderBuffer(this, new PacketBufferPool(BondingProtocol.MaxInnerPacket, ReorderBuffer.Capacity), _retransmits is null ? null : this);
        LastAuthenticatedUs = NowUs();
        _createdUs = LastAuthenticatedUs;
        _reorder.TimeoutUs = (long)options.MaxReorderTimeout.TotalMicroseconds;
    }

    private readonly long _createdUs;

    public uint LocalSessionId { get; }

    public uint RemoteSessionId => _remoteSessionId;

    public string PeerName { get; }

    public SessionCounters Counters { get; } = new();

    public ISchedulingPolicy Policy { get; set; }

    public ILinkHintSource? HintSource { get; set; }

    public bool IsEstablished => _current is not null;

    /// <summary>Last time (µs, <see cref="NowUs"/>) any packet authenticated: idle sessions are evicted by it.</summary>
    public long LastAuthenticatedUs { get; private set; }

    /// <summary>The initiator should start a new handshake: the current keys are old or worn.</summary>
    public bool NeedsRekey
    {
        get
        {
            var keys = _current;
            return keys is not null && keys.IsInitiator
                && (NowUs() - TimestampToUs(keys.CreatedTimestamp) > _options.RekeyAfterTime.TotalMicroseconds
                    || keys.SendCounter > _options.RekeyAfterPackets);
        }
    }

    public byte CurrentEpoch => _current?.Epoch ?? 0;

    public long NowUs() => WireTime.ToMicroseconds(_time.GetTimestamp(), _time.TimestampFrequency);

    // ---------------------------------------------------------------- links

    public void AddLink(IDatagramLink link)
    {
        if (link.Id is < 0 or >= BondingProtocol.MaxLinks)
        {
            throw new ArgumentOutOfRangeException(nameof(link), $"Link id must be 0..{BondingProtocol.MaxLinks - 1}.");
        }

        lock (_txLock)
        {
            if (_byId[link.Id] is { } existing)
            {
                existing.Link = link; // re-addressed: same id, new transport
                existing.State = LinkState.Probing;
                existing.StateSinceUs = NowUs();
                existing.ProbeAnswers = 0;
                return;
            }

            var bondLink = new BondLink(link, _options, NowUs());
            _byId[link.Id] = bondLink;
            _links = [.. _links, bondLink];
        }

        LogLinkAdded(_logger, LocalSessionId, link.Id, link.Name);
    }

    public bool RemoveLink(int linkId)
    {
        lock (_rxLock)
        lock (_txLock)
        {
            if (linkId is < 0 or >= BondingProtocol.MaxLinks || _byId[linkId] is not { } link)
            {
                return false;
            }

            _byId[linkId] = null;
            _links = [.. _links.Where(l => l != link)];
        }

        LogLinkRemoved(_logger, LocalSessionId, linkId);
        return true;
    }

    public IReadOnlyList<IDatagramLink> Links => [.. _links.Select(l => l.Link)];

    // ---------------------------------------------------------------- keys

    /// <summary>Installs the keys of a completed handshake. The initiator switches at once; the
    /// responder keeps sending with the old keys until the initiator is seen using the new ones.</summary>
    public void InstallKeypair(Keypair keypair, uint remoteSessionId)
    {
        lock (_rxLock)
        lock (_txLock)
        {
            _remoteSessionId = remoteSessionId;
            if (keypair.IsInitiator || _current is null)
            {
                Rotate(keypair);
            }
            else
            {
                _next?.Dispose();
                _next = keypair;
            }
        }

        LogKeysInstalled(_logger, LocalSessionId, keypair.Epoch, keypair.IsInitiator);
    }

    private void Rotate(Keypair keypair)
    {
        if (_previous is not null && _previous != _current)
        {
            _previous.Dispose();
        }

        _previous = _current;
        _previousUntilUs = NowUs() + (long)_options.OldKeyGrace.TotalMicroseconds;
        _current = keypair;
        if (_next == keypair)
        {
            _next = null;
        }
    }

    // ---------------------------------------------------------------- reporting

    public BondingSnapshot Snapshot()
    {
        var links = new List<LinkSnapshot>();
        ReorderCounters reorder;
        lock (_rxLock)
        lock (_txLock)
        {
            foreach (var link in _links)
            {
                var e = link.Estimator;
                links.Add(new LinkSnapshot(link.Id, link.Link.Name, link.State, e.RateBitsPerSecond, e.EffectiveRateBitsPerSecond,
                    e.DeliveryBitsPerSecond, e.LossFraction, e.OwdMinUs / 1000.0, e.OwdSmoothedUs / 1000.0, e.JitterUs / 1000.0,
                    e.RttUs / 1000.0, link.SentPackets, link.SentBytes, link.SendFailures, link.Rx.Packets, link.Rx.Lost,
                    link.RemoteEndPoint, link.LastHint));
            }

            reorder = _reorder.Counters;
        }

        return new BondingSnapshot(LocalSessionId, _remoteSessionId, PeerName, IsEstablished, Policy.Name, CurrentEpoch, links, reorder,
            Counters.TxPackets, Counters.TxBytes, Counters.RxPackets, Counters.RxBytes, Counters.DuplicatesSent, Counters.DropsByReason());
    }

    internal LinkState StateOf(int linkId) => _byId[linkId]?.State ?? LinkState.Down;

    internal ReorderCounters ReorderCounters
    {
        get
        {
            lock (_rxLock)
            {
                return _reorder.Counters;
            }
        }
    }

    public void Dispose()
    {
        lock (_rxLock)
        lock (_txLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _reorder.Clear();
            _playout.Clear();
            _current?.Dispose();
            if (_next != _current)
            {
                _next?.Dispose();
            }

            if (_previous != _current)
            {
                _previous?.Dispose();
            }
        }
    }
}
