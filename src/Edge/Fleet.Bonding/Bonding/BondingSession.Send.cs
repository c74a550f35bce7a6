using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingSession
{
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
}
