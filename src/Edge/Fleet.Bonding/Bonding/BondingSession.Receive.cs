using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingSession
{
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
            if (_playout.NextReleaseUs <= nowUs)
            {
                _playout.ReleaseDue(nowUs, new TunSink(this));
            }

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

            _rxNowUs = nowUs;
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

        _reorder.Accept(header.GlobalSeq, packet, nowUs, MinPassed(nowUs), ReleaseTimeUs(header.SendTimeUs, nowUs));
        FlushNacks(nowUs);
        return DropReason.None;
    }

    /// <summary>When an ordered packet sent at <paramref name="sendTimeUs"/> (peer clock) is due: its send
    /// time + the common playout delay, i.e. now + (playout delay − its own one-way delay); now when the
    /// common-delay release is off or no delay is known yet.</summary>
    private long ReleaseTimeUs(uint sendTimeUs, long nowUs)
    {
        if (!_hasPlayoutDelay)
        {
            return nowUs;
        }

        var owdRelUs = WireTime.Diff(WireTime.FromMicroseconds(nowUs), sendTimeUs);
        var waitUs = Math.Clamp(_playoutDelayRelUs - owdRelUs, 0, (long)_options.MaxPlayoutDelay.TotalMicroseconds);
        return nowUs + waitUs;
    }

    /// <summary>Writes the packets whose playout time has come (the session's 1-ms release loop).</summary>
    public void ReleaseDue()
    {
        if (_playout.Count == 0)
        {
            return;
        }

        lock (_rxLock)
        {
            if (!_disposed)
            {
                _playout.ReleaseDue(NowUs(), new TunSink(this));
            }
        }
    }

    /// <summary>The playout buffer's way out: the allowed-source check and the TUN write.</summary>
    private readonly struct TunSink(BondingSession session) : IPlayoutSink
    {
        public void Write(ReadOnlySpan<byte> packet) => session.Deliver(packet);
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

    void IPacketSink.Deliver(ReadOnlySpan<byte> packet, long releaseAtUs)
    {
        // In order from the reorder buffer: through the playout line, which passes it at once when due
        // and nothing waits before it.
        _playout.Add(packet, releaseAtUs, _rxNowUs, new TunSink(this));
    }

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
}
