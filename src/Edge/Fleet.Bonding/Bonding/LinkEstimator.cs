using Fleet.Bonding.Protocol;

namespace Fleet.Bonding;

/// <summary>
/// Sender-side model of one link, fed by the peer's feedback: capacity (delivery rate), one-way delay
/// (min, smoothed, jitter — relative, comparable across links), loss and round-trip time; plus the
/// virtual queue of bytes we put on the link that the model says have not left it yet. EarliestArrival
/// predicts a packet's arrival as queue ÷ rate + base delay.
/// </summary>
internal sealed class LinkEstimator
{
    /// <summary>Shortest feedback interval (peer clock) that yields a rate sample: shorter is too noisy.</summary>
    private const int MinSampleIntervalUs = 80_000;
    private const double GrowthFactor = 1.15;
    private const double DrainFactor = 0.92;

    private readonly BondingOptions _options;
    private bool _hasBase;
    private uint _basePeerTimeUs;
    private FeedbackEntry _base;
    private long _backlogUpdatedUs;
    private int _intervalOwdMin = int.MaxValue;

    public LinkEstimator(BondingOptions options)
    {
        _options = options;
        RateBitsPerSecond = options.InitialRateBitsPerSecond;
    }

    /// <summary>Capacity estimate (bits/s).</summary>
    public double RateBitsPerSecond { get; private set; }

    /// <summary>Last measured delivery rate (bits/s).</summary>
    public double DeliveryBitsPerSecond { get; private set; }

    public double LossFraction { get; private set; }

    public bool HasDelay { get; private set; }

    public int OwdMinUs { get; private set; }

    public int OwdSmoothedUs { get; private set; }

    public uint JitterUs { get; private set; }

    public int RttUs { get; private set; }

    /// <summary>What the peer last told us about its reception on this link.</summary>
    public ushort PeerRxAgeMs { get; private set; } = ushort.MaxValue;

    public long PeerReportUs { get; private set; } = BondingSession.Never;

    public uint PeerHighestSeq { get; private set; }

    /// <summary>Bytes we sent on the link that the model says are still queued in it.</summary>
    public double BacklogBytes { get; private set; }

    /// <summary>Rate the scheduler uses: capacity × state, ramp, loss and hint factors (set by the session).</summary>
    public double EffectiveRateBitsPerSecond { get; set; }

    public void OnFeedback(in FeedbackEntry entry, uint peerTimeUs, long nowUs)
    {
        PeerRxAgeMs = entry.RxAgeMs;
        PeerReportUs = nowUs;
        PeerHighestSeq = entry.HighestLinkSeq;
        if (entry.Packets > 0)
        {
            HasDelay = true;
            OwdMinUs = entry.OwdMinUs;
            OwdSmoothedUs = entry.OwdSmoothedUs;
            JitterUs = entry.JitterUs;
        }

        _intervalOwdMin = Math.Min(_intervalOwdMin, entry.IntervalOwdMinUs);
        if (!_hasBase)
        {
            _intervalOwdMin = int.MaxValue;
            _base = entry;
            _basePeerTimeUs = peerTimeUs;
            _hasBase = true;
            return;
        }

        var intervalUs = WireTime.Diff(peerTimeUs, _basePeerTimeUs);
        if (intervalUs < 0)
        {
            return; // an older feedback overtaken by a newer one on a faster link
        }

        if (intervalUs < MinSampleIntervalUs)
        {
            return;
        }

        var bytes = unchecked(entry.Bytes - _base.Bytes);
        var packets = unchecked(entry.Packets - _base.Packets);
        var lost = unchecked(entry.Lost - _base.Lost);
        _base = entry;
        _basePeerTimeUs = peerTimeUs;
        if (packets > int.MaxValue || lost > int.MaxValue)
        {
            return; // counters went backwards (peer restarted its stats)
        }

        var sample = bytes * 8.0 * 1_000_000 / intervalUs;
        DeliveryBitsPerSecond = sample;
        if (packets + lost > 0)
        {
            var lossSample = lost / (double)(packets + lost);
            LossFraction += (lossSample - LossFraction) * 0.25;
        }

        UpdateRate(sample, _intervalOwdMin);
        _intervalOwdMin = int.MaxValue;
    }

    /// <summary>A data/probe went out on this link: grows the virtual queue.</summary>
    public void OnSent(int bytes, long nowUs)
    {
        Drain(nowUs);
        BacklogBytes += bytes;
    }

    /// <summary>Predicted arrival (relative µs, comparable across links) of a packet sent now.</summary>
    public double PredictArrivalUs(int bytes, long nowUs, out double queueDelayUs)
    {
        Drain(nowUs);
        var rate = Math.Max(EffectiveRateBitsPerSecond, _options.MinRateBitsPerSecond);
        queueDelayUs = (BacklogBytes + bytes) * 8.0 * 1_000_000 / rate;
        return queueDelayUs + (HasDelay ? OwdMinUs : 0);
    }

    public void RecordRtt(int rttUs)
    {
        if (rttUs <= 0)
        {
            return;
        }

        RttUs = RttUs == 0 ? rttUs : RttUs + ((rttUs - RttUs) / 8);
    }

    /// <summary>The link went down: forget its queue (those packets are gone) and the rate base.</summary>
    public void Reset()
    {
        BacklogBytes = 0;
        _hasBase = false;
        LossFraction = 0;
    }

    private void UpdateRate(double sample, int intervalOwdMin)
    {
        var threshold = Math.Max(_options.SaturationQueueDelay.TotalMicroseconds, 3.0 * JitterUs);
        var rate = RateBitsPerSecond;
        if (intervalOwdMin != int.MaxValue && (long)intervalOwdMin - OwdMinUs > threshold)
        {
            // The queue never drained during the interval: the link was busy all along, so what got
            // through is its capacity. Follow it at once (a cell dropping from 20 to 2 Mbit/s), and go a
            // little below so the standing queue drains instead of creeping up to tail drop.
            rate = sample * DrainFactor;
        }
        else if (sample >= 0.8 * rate)
        {
            // Used near the estimate and no standing queue: there may be more. Probe upwards from what
            // was actually delivered (not from the estimate, which may already be too high).
            rate = Math.Max(rate, sample * GrowthFactor);
        }

        RateBitsPerSecond = Math.Max(rate, _options.MinRateBitsPerSecond);
    }

    private void Drain(long nowUs)
    {
        if (nowUs <= _backlogUpdatedUs)
        {
            return;
        }

        var rate = Math.Max(EffectiveRateBitsPerSecond, _options.MinRateBitsPerSecond);
        BacklogBytes = Math.Max(0, BacklogBytes - ((nowUs - _backlogUpdatedUs) * rate / 8_000_000.0));
        _backlogUpdatedUs = nowUs;
    }
}
