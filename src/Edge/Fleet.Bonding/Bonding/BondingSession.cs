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

    // ---------------------------------------------------------------- send path

    /// <summary>Schedules and sends one inner IP packet (from the TUN device). Never blocks.</summary>
    public DropReason SendPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length is < 1 or > BondingProtocol.MaxInnerPacket)
        {
            Counters.Drop(DropReason.InvalidInnerPacket);
            return DropReason.InvalidInnerPacket;
        }

        lock (_txLock)
        {
            if (_current is null || _disposed)
            {
                Counters.Drop(DropReason.NotEstablished);
                return DropReason.NotEstablished;
            }

            var nowUs = NowUs();
            _lastDataUs = nowUs;
            var links = _links;
            Span<LinkView> views = stackalloc LinkView[links.Length];
            var datagramBytes = packet.Length + BondingProtocol.Overhead + UdpIpOverhead;
            for (var i = 0; i < links.Length; i++)
            {
                var link = links[i];
                var arrival = link.Estimator.PredictArrivalUs(datagramBytes, nowUs, out var queueUs);
                views[i] = new LinkView(i, link.Id, link.State, link.Estimator.EffectiveRateBitsPerSecond, arrival, queueUs, link.Estimator.LossFraction);
            }

            var decision = Policy.Select(new PacketContext(packet, nowUs), views);
            if (decision.First < 0)
            {
                Counters.Drop(DropReason.LinkUnknown);
                return DropReason.LinkUnknown;
            }

            var flags = decision.Unordered ? PacketFlags.Unordered : PacketFlags.None;
            var seq = decision.Unordered ? _unorderedSeq++ : _orderedSeq++;
            if (decision.Second >= 0)
            {
                flags |= PacketFlags.Duplicate;
                SendTransport(links[decision.Second], PacketType.Data, flags, seq, packet, nowUs);
                Counters.DuplicateSent();
            }

            SendTransport(links[decision.First], PacketType.Data, flags, seq, packet, nowUs);
            if (!decision.Unordered)
            {
                _retransmits?.Store(seq, links[decision.First].Id, packet);
            }

            return DropReason.None;
        }
    }

    /// <summary>Encrypts and sends one transport packet on one link. Caller holds the send lock.</summary>
    private void SendTransport(BondLink link, PacketType type, PacketFlags flags, uint globalSeq, ReadOnlySpan<byte> payload, long nowUs)
    {
        var keys = _current!;
        if (keys.SendCounter >= ReplayWindow.RejectAfterCounter)
        {
            Counters.Drop(DropReason.NotEstablished);
            return;
        }

        var header = new TransportHeader
        {
            Type = type,
            Flags = flags,
            LinkId = link.Id,
            KeyEpoch = keys.Epoch,
            ReceiverSessionId = _remoteSessionId,
            Counter = keys.SendCounter++,
            LinkSeq = link.TxSeq++,
            GlobalSeq = globalSeq,
            SendTimeUs = WireTime.FromMicroseconds(nowUs),
            EchoTimeUs = link.Rx.EchoFor(nowUs),
        };
        var wire = _txWire.AsSpan();
        header.Write(wire);
        var total = TransportHeader.Size + payload.Length + BondingProtocol.TagSize;
        keys.Send.Seal(header.Counter, payload, wire.Slice(TransportHeader.Size, payload.Length),
            wire.Slice(TransportHeader.Size + payload.Length, BondingProtocol.TagSize), wire[..TransportHeader.Size]);

        var result = link.Link.Send(wire[..total]);
        link.LastSendUs = nowUs;
        if (result == LinkSendResult.Sent)
        {
            link.SentPackets++;
            link.SentBytes += total;
            link.Estimator.OnSent(total + UdpIpOverhead, nowUs);
            Counters.Sent(total);
            return;
        }

        link.SendFailures++;
        link.LastSendFailureUs = nowUs;
        if (result is LinkSendResult.Closed or LinkSendResult.NetworkUnreachable && link.State != LinkState.Down)
        {
            // The OS told us the interface is gone: no need to wait for silence.
            SetState(link, LinkState.Down, nowUs);
        }
    }

    // ---------------------------------------------------------------- receive path

    /// <summary>Handles one transport datagram received on <paramref name="via"/> (agent) or from
    /// <paramref name="from"/> (server). Returns why it was dropped, or None.</summary>
    public DropReason ProcessDatagram(ReadOnlySpan<byte> datagram, IDatagramLink? via, EndPoint? from)
    {
        var parse = TransportHeader.TryRead(datagram, out var header);
        if (parse != ParseResult.Ok)
        {
            return Drop(parse == ParseResult.BadField ? DropReason.LinkUnknown : DropReasons.FromParse(parse));
        }

        lock (_rxLock)
        {
            if (_disposed)
            {
                return Drop(DropReason.NotEstablished);
            }

            var nowUs = NowUs();
            Keypair? keys = null;
            if (_current?.Epoch == header.KeyEpoch)
            {
                keys = _current;
            }
            else if (_next?.Epoch == header.KeyEpoch)
            {
                keys = _next;
            }
            else if (_previous?.Epoch == header.KeyEpoch && nowUs < _previousUntilUs)
            {
                keys = _previous;
            }

            if (keys is null)
            {
                return Drop(DropReason.UnknownKeyEpoch);
            }

            if (!keys.Replay.IsFresh(header.Counter))
            {
                return Drop(DropReason.Replayed);
            }

            var payloadLength = datagram.Length - TransportHeader.Size - BondingProtocol.TagSize;
            var plain = _rxPlain.AsSpan(0, payloadLength);
            if (!keys.Receive.TryOpen(header.Counter, datagram.Slice(TransportHeader.Size, payloadLength),
                    datagram.Slice(TransportHeader.Size + payloadLength, BondingProtocol.TagSize), plain, datagram[..TransportHeader.Size]))
            {
                return Drop(DropReason.AuthenticationFailed);
            }

            keys.Replay.Mark(header.Counter);
            LastAuthenticatedUs = nowUs;
            if (keys == _next)
            {
                lock (_txLock)
                {
                    keys.Confirmed = true;
                    Rotate(keys);
                }
            }

            var link = _byId[header.LinkId];
            if (link is null)
            {
                link = CreateLinkFromPeer(header.LinkId, from);
                if (link is null)
                {
                    return Drop(DropReason.LinkUnknown);
                }
            }

            if (from is not null && _linkFactory is not null && !from.Equals(link.RemoteEndPoint))
            {
                RebindLink(link, from);
            }

            Counters.Received(datagram.Length);
            link.Rx.OnPacket(header, datagram.Length + UdpIpOverhead, nowUs, (long)_options.SilentTimeout.TotalMicroseconds);
            link.LastReceiveUs = nowUs;
            if (link.State == LinkState.Probing)
            {
                link.ProbeAnswers++;
            }

            if (header.EchoTimeUs != 0)
            {
                link.Estimator.RecordRtt(WireTime.Diff(WireTime.FromMicroseconds(nowUs), header.EchoTimeUs));
            }

            switch (header.Type)
            {
                case PacketType.Data:
                    return ReceiveData(header, plain, nowUs);
                case PacketType.Feedback:
                    return ReceiveFeedback(header, plain, nowUs);
                case PacketType.Nack:
                    return ReceiveNack(plain, nowUs);
                default:
                    if (_reorder.Held > 0)
                    {
                        _reorder.Expire(nowUs, MinPassed(nowUs));
                        FlushNacks(nowUs);
                    }

                    return DropReason.None;
            }
        }
    }

    private DropReason ReceiveData(in TransportHeader header, ReadOnlySpan<byte> packet, long nowUs)
    {
        if (packet.Length < 20 || (packet[0] >> 4) is not (4 or 6))
        {
            return Drop(DropReason.InvalidInnerPacket);
        }

        _rxSinceFeedback++;
        _lastDataUs = nowUs;
        if ((header.Flags & PacketFlags.Unordered) != 0)
        {
            // Unwrap the 32-bit sequence against the highest seen to reuse the 64-bit window.
            var unwrapped = _unorderedAny ? (ulong)((long)_unorderedHighest + SerialNumber.Diff(header.GlobalSeq, (uint)_unorderedHighest)) : header.GlobalSeq + (1UL << 32);
            if (!_unorderedDedup.Mark(unwrapped))
            {
                return Drop(DropReason.DuplicatePacket);
            }

            if (!_unorderedAny || unwrapped > _unorderedHighest)
            {
                _unorderedHighest = unwrapped;
                _unorderedAny = true;
            }

            Deliver(packet);
            return DropReason.None;
        }

        _reorder.Accept(header.GlobalSeq, packet, nowUs, MinPassed(nowUs));
        FlushNacks(nowUs);
        return DropReason.None;
    }

    void IRetransmitRequester.RequestRetransmit(uint globalSeq)
    {
        if (_nackCount == _nackQueue.Length)
        {
            FlushNacks(NowUs());
        }

        _nackQueue[_nackCount++] = globalSeq;
    }

    /// <summary>Sends queued NACKs at once on the lowest-delay link (caller holds the receive lock).</summary>
    private void FlushNacks(long nowUs)
    {
        if (_nackCount == 0)
        {
            return;
        }

        var length = NackMessage.Write(_nackPayload, _nackQueue.AsSpan(0, _nackCount));
        _nackCount = 0;
        lock (_txLock)
        {
            if (_current is null || _disposed)
            {
                return;
            }

            BondLink? best = null;
            foreach (var link in _links)
            {
                if (link.IsSchedulable && (best is null || DelayOf(link) < DelayOf(best)))
                {
                    best = link;
                }
            }

            if (best is not null)
            {
                SendTransport(best, PacketType.Nack, PacketFlags.None, _orderedSeq, _nackPayload.AsSpan(0, length), nowUs);
            }
        }
    }

    private static long DelayOf(BondLink link) => link.Estimator.HasDelay ? link.Estimator.OwdSmoothedUs : long.MaxValue / 2;

    private DropReason ReceiveNack(ReadOnlySpan<byte> payload, long nowUs)
    {
        var parse = NackMessage.TryRead(payload, out var count);
        if (parse != ParseResult.Ok)
        {
            return Drop(DropReasons.FromParse(parse));
        }

        lock (_txLock)
        {
            if (_retransmits is null || _current is null || _disposed)
            {
                return DropReason.None;
            }

            var links = _links;
            Span<LinkView> views = stackalloc LinkView[links.Length];
            for (var i = 0; i < count; i++)
            {
                var seq = NackMessage.EntryAt(payload, i);
                if (!_retransmits.TryTakeForResend(seq, out var packet, out var originalLinkId))
                {
                    continue;
                }

                var original = -1;
                var datagramBytes = packet.Length + BondingProtocol.Overhead + UdpIpOverhead;
                for (var l = 0; l < links.Length; l++)
                {
                    var link = links[l];
                    var arrival = link.Estimator.PredictArrivalUs(datagramBytes, nowUs, out var queueUs);
                    views[l] = new LinkView(l, link.Id, link.State, link.Estimator.EffectiveRateBitsPerSecond, arrival, queueUs, link.Estimator.LossFraction);
                    if (link.Id == originalLinkId)
                    {
                        original = l;
                    }
                }

                // Prefer another link than the one that lost it; the same one if it is all we have.
                var choice = EarliestArrivalPolicy.Best(views, double.MaxValue, exclude: original);
                if (choice < 0)
                {
                    choice = original;
                }

                if (choice >= 0)
                {
                    SendTransport(links[choice], PacketType.Data, PacketFlags.Retransmit, seq, packet, nowUs);
                    _retransmitted++;
                }
            }
        }

        return DropReason.None;
    }

    /// <summary>Ordered packets resent because the peer NACKed them.</summary>
    public long Retransmitted => Interlocked.Read(ref _retransmitted);

    private DropReason ReceiveFeedback(in TransportHeader header, ReadOnlySpan<byte> payload, long nowUs)
    {
        var parse = FeedbackMessage.TryRead(payload, out var count);
        if (parse != ParseResult.Ok)
        {
            return Drop(DropReasons.FromParse(parse));
        }

        lock (_txLock)
        {
            for (var i = 0; i < count; i++)
            {
                var entry = FeedbackMessage.EntryAt(payload, i);
                if (entry.LinkId < BondingProtocol.MaxLinks && _byId[entry.LinkId] is { } link)
                {
                    link.Estimator.OnFeedback(entry, header.SendTimeUs, nowUs);
                }
            }
        }

        return DropReason.None;
    }

    /// <summary>Lowest "everything before this was sent" mark over live links; null if none is known, or
    /// while any link is still Probing (a link we have not fully heard from may carry the hole).</summary>
    private uint? MinPassed(long nowUs)
    {
        uint? min = null;
        var silentUs = SilentTimeoutUs(nowUs);
        foreach (var link in _links)
        {
            if (link.State == LinkState.Probing)
            {
                return null;
            }

            if (nowUs - link.Rx.LastReceiveUs > silentUs || !link.Rx.HasPassedGlobal)
            {
                continue;
            }

            if (min is null || SerialNumber.Greater(min.Value, link.Rx.PassedGlobal))
            {
                min = link.Rx.PassedGlobal;
            }
        }

        return min;
    }

    void IPacketSink.Deliver(ReadOnlySpan<byte> packet) => Deliver(packet);

    private void Deliver(ReadOnlySpan<byte> packet)
    {
        if (_allowedSources is not null)
        {
            if (!InnerPacket.TryGetAddresses(packet, out var source, out _) || !IsAllowed(source))
            {
                Counters.Drop(DropReason.SourceNotAllowed);
                return;
            }
        }

        if (!_tun.Write(packet))
        {
            Counters.Drop(DropReason.TunFull);
        }
    }

    private bool IsAllowed(UInt128 source)
    {
        foreach (var prefix in _allowedSources!)
        {
            if (prefix.Contains(source))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Server: registers the link a handshake arrived on, so downlink traffic has a path
    /// before the agent's first transport packet arrives.</summary>
    internal void EnsurePeerLink(byte linkId, EndPoint from)
    {
        if (linkId < BondingProtocol.MaxLinks && _byId[linkId] is null)
        {
            CreateLinkFromPeer(linkId, from);
        }
    }

    private BondLink? CreateLinkFromPeer(byte linkId, EndPoint? from)
    {
        if (_linkFactory is null || from is null)
        {
            return null;
        }

        lock (_txLock)
        {
            var link = new BondLink(_linkFactory(linkId, from), _options, NowUs()) { RemoteEndPoint = from };
            _byId[linkId] = link;
            _links = [.. _links.Where(l => l.Id != linkId), link];
            LogLinkAdded(_logger, LocalSessionId, linkId, from.ToString() ?? "");
            return link;
        }
    }

    private void RebindLink(BondLink link, EndPoint from)
    {
        lock (_txLock)
        {
            var old = link.RemoteEndPoint;
            link.RemoteEndPoint = from;
            link.Link = _linkFactory!(link.Id, from);
            LogLinkRoamed(_logger, LocalSessionId, link.Id, old?.ToString() ?? "", from.ToString() ?? "");
        }
    }

    private DropReason Drop(DropReason reason)
    {
        Counters.Drop(reason);
        return reason;
    }

    // ---------------------------------------------------------------- tick

    /// <summary>Periodic work (every <see cref="BondingOptions.TickInterval"/>): reorder timeouts, link
    /// states and weights, feedback, probes, old-key expiry.</summary>
    public void Tick()
    {
        var nowUs = NowUs();
        var feedbackCount = 0;
        var active = nowUs - _lastDataUs < ActiveWindowUs;
        lock (_rxLock)
        {
            if (_disposed)
            {
                return;
            }

            UpdateReorderTimeout(nowUs);
            if (_reorder.Held > 0)
            {
                _reorder.Expire(nowUs, MinPassed(nowUs));
                FlushNacks(nowUs);
            }

            var feedbackDue = _rxSinceFeedback > 0 || nowUs - _lastFeedbackUs >= (active ? 4 * TickUs : IdleProbeIntervalUs);
            if (feedbackDue)
            {
                foreach (var link in _links)
                {
                    if (link.Rx.Packets > 0 && feedbackCount < _feedbackEntries.Length)
                    {
                        _feedbackEntries[feedbackCount++] = link.Rx.ToFeedback(link.Id, nowUs);
                    }
                }

                _rxSinceFeedback = 0;
                _lastFeedbackUs = nowUs;
            }

            if (_previous is not null && nowUs >= _previousUntilUs && _previous != _current)
            {
                _previous.Dispose();
                _previous = null;
            }
        }

        lock (_txLock)
        {
            if (_disposed)
            {
                return;
            }

            var recomputeWeights = nowUs - _lastWeightsUs >= _options.WeightInterval.TotalMicroseconds;
            if (recomputeWeights)
            {
                _lastWeightsUs = nowUs;
            }

            foreach (var link in _links)
            {
                AdvanceState(link, nowUs, active);
                if (recomputeWeights)
                {
                    UpdateHint(link);
                }

                link.Estimator.EffectiveRateBitsPerSecond = EffectiveRate(link, nowUs);
            }

            if (_current is null)
            {
                return;
            }

            if (feedbackCount > 0)
            {
                SendFeedback(feedbackCount, nowUs);
            }

            var probeUs = active ? (long)_options.ProbeInterval.TotalMicroseconds : IdleProbeIntervalUs;
            foreach (var link in _links)
            {
                var interval = link.State == LinkState.Down ? 2 * probeUs : probeUs;
                if (nowUs - link.LastSendUs >= interval)
                {
                    SendTransport(link, active ? PacketType.Probe : PacketType.Keepalive, PacketFlags.None, _orderedSeq, [], nowUs);
                }
            }
        }
    }

    private long TickUs => (long)_options.TickInterval.TotalMicroseconds;

    private long SilentTimeoutUs(long nowUs) =>
        nowUs - _lastDataUs < ActiveWindowUs ? (long)_options.SilentTimeout.TotalMicroseconds : 3 * IdleProbeIntervalUs + (long)_options.SilentTimeout.TotalMicroseconds;

    private void AdvanceState(BondLink link, long nowUs, bool active)
    {
        var silentUs = SilentTimeoutUs(nowUs);
        var rxSilent = nowUs - link.LastReceiveUs > silentUs;
        var estimator = link.Estimator;
        var reportFresh = nowUs - estimator.PeerReportUs < 4 * silentUs;
        var peerAgeUs = reportFresh ? (estimator.PeerRxAgeMs * 1000L) + (nowUs - estimator.PeerReportUs) : long.MaxValue;
        var peerHearsUs = peerAgeUs <= silentUs;
        switch (link.State)
        {
            case LinkState.Probing:
                if (link.ProbeAnswers >= _options.ProbeConfirmations && !rxSilent && peerHearsUs && estimator.PeerReportUs > link.StateSinceUs)
                {
                    SetState(link, LinkState.Up, nowUs);
                }
                else if (rxSilent && nowUs - link.StateSinceUs > 4 * silentUs && link.LastReceiveUs != BondingSession.Never)
                {
                    SetState(link, LinkState.Down, nowUs);
                }

                break;
            case LinkState.Up:
            case LinkState.Degraded:
                // Silent either way: nothing reaches us on it, or (per the peer's fresh report) nothing reaches the peer.
                if (rxSilent || (reportFresh && !peerHearsUs && nowUs - link.StateSinceUs > silentUs))
                {
                    SetState(link, LinkState.Down, nowUs);
                }
                else if (link.State == LinkState.Up && estimator.LossFraction > _options.DegradedLossFraction)
                {
                    SetState(link, LinkState.Degraded, nowUs);
                }
                else if (link.State == LinkState.Degraded && estimator.LossFraction < _options.DegradedLossFraction / 2)
                {
                    SetState(link, LinkState.Up, nowUs);
                }

                break;
            case LinkState.Down:
                if (link.LastReceiveUs > link.StateSinceUs && !rxSilent && link.LastSendFailureUs < nowUs - silentUs)
                {
                    SetState(link, LinkState.Probing, nowUs);
                }

                break;
        }

        _ = active;
    }

    private void SetState(BondLink link, LinkState state, long nowUs)
    {
        var old = link.State;
        link.State = state;
        link.StateSinceUs = nowUs;
        if (state == LinkState.Probing)
        {
            link.ProbeAnswers = 0;
        }

        if (state == LinkState.Down)
        {
            link.Estimator.Reset();
        }

        LogLinkState(_logger, LocalSessionId, link.Id, old, state);
    }

    private double EffectiveRate(BondLink link, long nowUs)
    {
        var estimator = link.Estimator;
        var stateFactor = link.State switch
        {
            LinkState.Up => 1.0,
            LinkState.Degraded => 0.3,
            LinkState.Probing => 0.1,
            _ => 0.0,
        };
        if (link.State == LinkState.Up)
        {
            var sinceUs = nowUs - link.StateSinceUs;
            var rampUs = _options.RampUpTime.TotalMicroseconds;
            if (sinceUs < rampUs)
            {
                stateFactor = 0.1 + (0.9 * sinceUs / rampUs);
            }
        }

        var lossFactor = Math.Max(0.05, 1 - (4 * estimator.LossFraction));
        return Math.Max(estimator.RateBitsPerSecond * stateFactor * lossFactor * link.HintFactor, stateFactor > 0 ? _options.MinRateBitsPerSecond : 0);
    }

    private void UpdateHint(BondLink link)
    {
        if (HintSource is null)
        {
            link.HintFactor = 1.0;
            return;
        }

        var hint = HintSource.GetHint(link.Id);
        link.LastHint = hint;
        var quality = double.IsFinite(hint.Quality) ? Math.Clamp(hint.Quality, 0.05, 1.0) : 1.0;
        link.HintFactor = quality * (hint.DeadSpotAhead ? _options.DeadSpotWeightFactor : 1.0);
    }

    private void UpdateReorderTimeout(long nowUs)
    {
        var silentUs = SilentTimeoutUs(nowUs);
        long minOwd = long.MaxValue, maxOwd = long.MinValue, maxJitter = 0;
        foreach (var link in _links)
        {
            if (nowUs - link.Rx.LastReceiveUs > silentUs || link.Rx.Packets == 0)
            {
                continue;
            }

            minOwd = Math.Min(minOwd, link.Rx.WindowedOwdMinUs);
            maxOwd = Math.Max(maxOwd, link.Rx.OwdSmoothedUs + (2L * link.Rx.JitterUs));
            maxJitter = Math.Max(maxJitter, link.Rx.JitterUs);
        }

        // Until every link has been heard and measured (start-up, a link coming back), the spread is
        // unknown: a packet on a slow link not yet seen would be given up too early. Wait the maximum.
        var settled = nowUs - _createdUs > 1_000_000;
        foreach (var link in _links)
        {
            settled &= link.State != LinkState.Probing;
        }

        var spread = minOwd == long.MaxValue || !settled ? (long)_options.MaxReorderTimeout.TotalMicroseconds : maxOwd - minOwd + 5_000;
        _reorder.TimeoutUs = Math.Clamp(spread, (long)_options.MinReorderTimeout.TotalMicroseconds, (long)_options.MaxReorderTimeout.TotalMicroseconds);

        // A NACKed hole waits for the NACK to reach the peer and the resend to come back; the resend
        // may take any link, queues included, so the longest round trip in use bounds it.
        var maxRtt = 0L;
        foreach (var link in _links)
        {
            if (link.IsSchedulable && link.Estimator.RttUs > 0)
            {
                maxRtt = Math.Max(maxRtt, link.Estimator.RttUs);
            }
        }

        var wait = maxRtt == 0 ? _reorder.TimeoutUs : maxRtt + (2 * maxJitter) + 10_000;
        _reorder.RetransmitWaitUs = Math.Clamp(wait, (long)_options.MinReorderTimeout.TotalMicroseconds, (long)_options.MaxReorderTimeout.TotalMicroseconds);
    }

    private void SendFeedback(int count, long nowUs)
    {
        var payload = _feedback.AsSpan(0, FeedbackMessage.SizeFor(count));
        FeedbackMessage.WriteCount(payload, count);
        for (var i = 0; i < count; i++)
        {
            FeedbackMessage.WriteEntry(payload, i, _feedbackEntries[i]);
        }

        // On the two links with the lowest delay: one lost feedback must not blind the sender.
        BondLink? first = null, second = null;
        foreach (var link in _links)
        {
            if (!link.IsSchedulable)
            {
                continue;
            }

            if (first is null || Owd(link) < Owd(first))
            {
                second = first;
                first = link;
            }
            else if (second is null || Owd(link) < Owd(second))
            {
                second = link;
            }
        }

        if (first is null)
        {
            // Nothing is Up yet (start-up): every link, so the peer can confirm them.
            foreach (var link in _links)
            {
                SendTransport(link, PacketType.Feedback, PacketFlags.None, _orderedSeq, payload, nowUs);
            }

            return;
        }

        SendTransport(first, PacketType.Feedback, PacketFlags.None, _orderedSeq, payload, nowUs);
        if (second is not null)
        {
            SendTransport(second, PacketType.Feedback, PacketFlags.None, _orderedSeq, payload, nowUs);
        }

        static long Owd(BondLink link) => link.Estimator.HasDelay ? link.Estimator.OwdSmoothedUs : long.MaxValue / 2;
    }

    private long TimestampToUs(long timestamp) => WireTime.ToMicroseconds(timestamp, _time.TimestampFrequency);

    // ---------------------------------------------------------------- loops

    /// <summary>Agent: reads the TUN device and sends every packet until cancelled or the device closes.</summary>
    public async Task RunTunReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[BondingProtocol.ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _tun.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (length <= 0)
            {
                return;
            }

            SendPacket(buffer.AsSpan(0, length));
        }
    }

    /// <summary>Runs <see cref="Tick"/> every <see cref="BondingOptions.TickInterval"/> until cancelled.</summary>
    public async Task RunTickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.TickInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
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
