using Fleet.Bonding.Protocol;

namespace Fleet.Bonding;

/// <summary>
/// Receiver-side view of one link: per-link sequence (loss), one-way delay (relative: receiver clock −
/// sender clock, the same offset on every link, so links compare exactly), liveness and the echo
/// timestamp. Turned into <see cref="FeedbackEntry"/> for the sender.
/// </summary>
internal sealed class LinkReceiveStats
{
    private const long MinWindowUs = 10_000_000;

    private bool _any;
    private bool _anyDelay;
    private long _minWindowStartUs;
    private int _previousWindowMin = int.MaxValue;
    private int _lastSample;
    private int _intervalMin = int.MaxValue;

    public uint HighestSeq { get; private set; }

    public uint Packets { get; private set; }

    public uint Bytes { get; private set; }

    public uint Lost { get; private set; }

    public int OwdMinUs { get; private set; } = int.MaxValue;

    public int OwdSmoothedUs { get; private set; }

    public uint JitterUs { get; private set; }

    /// <summary>Recent high of the one-way delay (relative, like the others): moves a sixteenth of the way
    /// towards each higher sample (a sustained queue lifts it within a few dozen packets, one stalled
    /// receive — a busy machine — hardly) and decays towards lower ones with a time constant of
    /// <see cref="HighDecayUs"/>. The playout delay must cover it, and must not shrink with every quiet moment.</summary>
    public int OwdHighUs => (int)_owdHigh;

    private double _owdHigh;

    private const long HighDecayUs = 3_000_000;
    private long _highUpdatedUs;

    public long LastReceiveUs { get; private set; } = BondingSession.Never;

    /// <summary>Everything the sender put on this link below this ordered sequence has been sent before
    /// what we last received here; links are FIFO, so a hole below it that is not here was lost here.</summary>
    public uint PassedGlobal { get; private set; }

    public bool HasPassedGlobal { get; private set; }

    public uint LastPeerSendUs { get; private set; }

    public long LastPeerSendReceivedUs { get; private set; }

    public bool HasEcho { get; private set; }

    /// <summary>Minimum of the current and previous 10 s windows (a route change can raise the floor).</summary>
    public int WindowedOwdMinUs => Math.Min(OwdMinUs, _previousWindowMin);

    /// <summary>Packets that vanished during an outage (silence longer than the outage threshold):
    /// counted apart, so a coverage hole does not read as random loss and mark the link Degraded.</summary>
    public uint OutageLost { get; private set; }

    public void OnPacket(in TransportHeader header, int datagramLength, long nowUs, long outageThresholdUs)
    {
        var afterOutage = nowUs - LastReceiveUs > outageThresholdUs;
        LastReceiveUs = nowUs;
        Packets++;
        Bytes += (uint)datagramLength;
        if (!_any)
        {
            HighestSeq = header.LinkSeq;
            _any = true;
        }
        else
        {
            var gap = SerialNumber.Diff(header.LinkSeq, HighestSeq);
            if (gap > 0)
            {
                if (afterOutage)
                {
                    OutageLost += (uint)(gap - 1);
                }
                else
                {
                    Lost += (uint)(gap - 1);
                }

                HighestSeq = header.LinkSeq;
            }
            else if (Lost > 0)
            {
                // Late on its own link: it was counted lost when the gap appeared.
                Lost--;
            }
        }

        if (header.Type == PacketType.Data && (header.Flags & PacketFlags.Unordered) == 0)
        {
            UpdatePassed(header.GlobalSeq + 1);
        }
        else if (header.Type is PacketType.Probe or PacketType.Keepalive)
        {
            UpdatePassed(header.GlobalSeq);
        }

        var sample = WireTime.Diff(WireTime.FromMicroseconds(nowUs), header.SendTimeUs);
        UpdateDelay(sample, nowUs);
        LastPeerSendUs = header.SendTimeUs;
        LastPeerSendReceivedUs = nowUs;
        HasEcho = true;
    }

    public FeedbackEntry ToFeedback(byte linkId, long nowUs)
    {
        var entry = Feedback(linkId, nowUs);
        _intervalMin = int.MaxValue;
        return entry;
    }

    private FeedbackEntry Feedback(byte linkId, long nowUs) => new()
    {
        LinkId = linkId,
        RxAgeMs = LastReceiveUs == BondingSession.Never ? ushort.MaxValue : (ushort)Math.Clamp((nowUs - LastReceiveUs) / 1000, 0, ushort.MaxValue),
        HighestLinkSeq = HighestSeq,
        Packets = Packets,
        Bytes = Bytes,
        Lost = Lost,
        OwdMinUs = _anyDelay ? WindowedOwdMinUs : 0,
        OwdSmoothedUs = OwdSmoothedUs,
        JitterUs = JitterUs,
        IntervalOwdMinUs = _intervalMin,
    };

    /// <summary>Echo for the header we send back on this link: the peer's time plus how long we held it.</summary>
    public uint EchoFor(long nowUs) =>
        HasEcho ? unchecked(LastPeerSendUs + (uint)(nowUs - LastPeerSendReceivedUs)) | 1u : 0u;

    private void UpdatePassed(uint candidate)
    {
        if (!HasPassedGlobal || SerialNumber.Greater(candidate, PassedGlobal))
        {
            PassedGlobal = candidate;
            HasPassedGlobal = true;
        }
    }

    private void UpdateDelay(int sample, long nowUs)
    {
        _intervalMin = Math.Min(_intervalMin, sample);
        if (!_anyDelay)
        {
            _anyDelay = true;
            OwdMinUs = sample;
            OwdSmoothedUs = sample;
            _owdHigh = sample;
            _highUpdatedUs = nowUs;
            _lastSample = sample;
            _minWindowStartUs = nowUs;
            return;
        }

        if (sample >= _owdHigh)
        {
            _owdHigh += (sample - _owdHigh) / 16;
        }
        else
        {
            var fraction = Math.Min(1.0, (nowUs - _highUpdatedUs) / (double)HighDecayUs);
            _owdHigh -= (_owdHigh - sample) * fraction;
        }

        _highUpdatedUs = nowUs;

        if (nowUs - _minWindowStartUs > MinWindowUs)
        {
            _previousWindowMin = OwdMinUs;
            OwdMinUs = sample;
            _minWindowStartUs = nowUs;
        }

        OwdMinUs = Math.Min(OwdMinUs, sample);
        OwdSmoothedUs += (sample - OwdSmoothedUs) / 8;
        var variation = (uint)Math.Abs((long)sample - _lastSample);
        JitterUs = (uint)(JitterUs + (((long)variation - JitterUs) / 16));
        _lastSample = sample;
    }
}
