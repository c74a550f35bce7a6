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
    /// <summary>Shortest feedback interval (peer clock) that yields a rate sample: shorter is too noisy
    /// (feedback goes out every tick while data flows, so a sample spans two or three of them).</summary>
    private const int MinSampleIntervalUs = 90_000;

    /// <summary>Losses this soon after a standing queue are counted as our own tail drops, not radio loss.</summary>
    private const long CongestionMemoryUs = 500_000;

    /// <summary>Offered over delivered above this (with a standing queue) = the link is overloaded; above
    /// the probe gain's share that shows within a sample, so a probe too far is caught by the next sample.</summary>
    private const double OverloadFactor = 1.07;

    /// <summary>Saturated with a large standing queue: go this much below the delivery rate so the queue drains.</summary>
    private const double DrainFactor = 0.9;

    /// <summary>Saturated samples younger than this are max-filtered (one noisy low sample must not halve a
    /// link); short, so a real capacity drop is followed within a few hundred milliseconds.</summary>
    private const long SaturatedWindowUs = 300_000;

    /// <summary>Probing offers the link this much more than it has shown it carries; more (start-up) until
    /// a probe meets a queue and again while probes keep finding more, so a link seeded low reaches its
    /// capacity within a second.</summary>
    private const double ProbeGain = 1.1, StartupProbeGain = 2;

    /// <summary>Outside probes the link is planned, and its virtual queue drained, at a little less than it
    /// has shown: the confirmed rate is the highest of noisy samples, and a link planned faster than it
    /// drains delivers its packets later than predicted, holding the other links' packets in the peer's
    /// reorder buffer (a single flow's RTT grows with that hold). A few percent less costs nothing:
    /// traffic beyond every link's plan still goes to the best link.</summary>
    private const double Headroom = 0.95;

    /// <summary>A probe counts as found capacity when delivery rose this far above the confirmed rate.</summary>
    private const double ProbeGainProof = 1.05;

    /// <summary>Probe only a link we already fill to this share of its confirmed rate (else there is no demand to show more).</summary>
    private const double ProbeWhenUsed = 0.85;


    /// <summary>A sample's lowest delay within this of the floor: the link's queue drained, it had room.</summary>
    private const int QueueDrainedUs = 1_000;

    /// <summary>After a probe that found nothing (or a saturation), wait this long before the next.</summary>
    private const long ProbeHoldUs = 400_000;

    /// <summary>The rate the link has shown it carries (delivered, or measured while saturated); the
    /// scheduler gets it plain, or raised by the probe gain while probing.</summary>
    private double _confirmed;
    private bool _probing, _startup = true;
    private long _probeUntilUs, _nextProbeUs;

    private readonly BondingOptions _options;
    private bool _hasBase;
    private uint _basePeerTimeUs;
    private FeedbackEntry _base;
    private long _backlogUpdatedUs;
    private int _intervalOwdMin = int.MaxValue;
    private readonly (long AtUs, double Rate)[] _saturated = new (long, double)[8];
    private int _saturatedNext;
    private long _sentTotal;
    private readonly (long AtUs, long Total)[] _sentHistory = new (long, long)[64];
    private int _sentHistoryNext;
    private long _lastCongestedUs = BondingSession.Never;
    private readonly (long AtUs, int OwdMin)[] _recentIntervalMins = new (long, int)[32];
    private int _recentIntervalMinsNext;
    private uint _jitterPeakUs, _previousJitterPeakUs;
    private long _jitterPeakSinceUs;

    /// <summary>The loaded floor may sit at most this many times the recent peak jitter above the idle floor:
    /// a link without jitter keeps measuring a standing queue against its idle floor (so it is drained).</summary>
    private const int MaxJitterElevation = 3;

    /// <summary>How long a raised delay floor must persist through every sample before it counts as path
    /// delay rather than our queue (see <see cref="BaseDelayUs"/>).</summary>
    private const long LoadedFloorWindowUs = 2_000_000;

    public LinkEstimator(BondingOptions options)
    {
        _options = options;
        RateBitsPerSecond = options.InitialRateBitsPerSecond;
        _confirmed = RateBitsPerSecond;
    }

    /// <summary>Capacity estimate (bits/s).</summary>
    public double RateBitsPerSecond { get; private set; }

    /// <summary>Last measured delivery rate (bits/s).</summary>
    public double DeliveryBitsPerSecond { get; private set; }

    public double LossFraction { get; private set; }

    public bool HasDelay { get; private set; }

    public int OwdMinUs { get; private set; }

    /// <summary>
    /// The one-way delay a packet sees apart from the queue we model: the 10-s floor, or the lowest
    /// per-sample minimum of the last 2 s when that is higher. On a FIFO link with jitter, a busy link's
    /// packets queue behind the one that drew the longest delay, so under load the delay never returns to
    /// the idle floor (probes set it): measured against the idle floor, jitter looks like a standing queue
    /// of up to twice the jitter, cutting the link's estimate and weight for nothing. A queue we build
    /// keeps growing while we overload the link, so it still shows against a 2-s-old minimum.
    /// </summary>
    public int BaseDelayUs { get; private set; }

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
        _sentHistory[_sentHistoryNext] = (nowUs, _sentTotal);
        _sentHistoryNext = (_sentHistoryNext + 1) % _sentHistory.Length;
        PeerRxAgeMs = entry.RxAgeMs;
        PeerReportUs = nowUs;
        PeerHighestSeq = entry.HighestLinkSeq;
        if (entry.Packets > 0)
        {
            HasDelay = true;
            OwdMinUs = entry.OwdMinUs;
            OwdSmoothedUs = entry.OwdSmoothedUs;
            JitterUs = entry.JitterUs;
            TrackJitterPeak(nowUs);
        }

        _intervalOwdMin = Math.Min(_intervalOwdMin, entry.IntervalOwdMinUs);
        if (_probing && HasDelay && entry.IntervalOwdMinUs != int.MaxValue && entry.IntervalOwdMinUs - BaseDelayUs > SaturationThresholdUs + (2.0 * Math.Max(_jitterPeakUs, _previousJitterPeakUs)))
        {
            // A clear queue (beyond what the link's idle jitter may fake) stood through this report's interval: the probe went
            // past the link's capacity. Stop at once rather than at the next rate sample (a 2× probe fills a
            // 50-ms buffer in 50 ms).
            _startup = false;
            EndProbe(nowUs);
            RateBitsPerSecond = PlannedRate();
        }
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
        UpdateBaseDelay(_intervalOwdMin, nowUs);
        if (_intervalOwdMin != int.MaxValue && HasDelay && _intervalOwdMin - BaseDelayUs > SaturationThresholdUs)
        {
            _lastCongestedUs = nowUs;
        }

        // What we offered over the same interval, shifted back by the round trip: the bytes delivered in
        // it were sent about one RTT before this feedback arrived (unaligned, a ramp-up on a 80 ms link
        // looks like overload).
        var endUs = nowUs - RttUs;
        var sentRate = SentAt(endUs - intervalUs, out var sentStart) && SentAt(endUs, out var sentEnd)
            ? (sentEnd - sentStart) * 8.0 * 1_000_000 / intervalUs
            : 0;

        // Offered clearly more than got through, packets missing and the smoothed delay up by a queue
        // (its minimum need not be: drops keep a full queue short now and then): we overfilled the link
        // and its queue dropped the tail. Radio loss shows no queue.
        if (lost > 0 && sentRate > OverloadFactor * sample && OwdSmoothedUs - BaseDelayUs > SaturationThresholdUs)
        {
            _lastCongestedUs = nowUs;
        }

        // Tail drops show up as gaps a little later, when the queue may already be draining.
        var congested = nowUs - _lastCongestedUs < CongestionMemoryUs;
        if (packets + lost > 0 && !congested)
        {
            // Weighted by how many packets the sample covers: a 50 ms sample of 5 packets with one lost
            // is not 20 % loss; about 300 packets of history make the estimate. Losses while a queue
            // stood all interval are tail drops we caused by overfilling, not the radio: they must not
            // cut the link's weight (that only overfills the others). Downwards at least a tenth per
            // sample, so a link left with probes only (its weight cut by an old loss burst) recovers
            // within seconds instead of the half minute 20 probes a second would take.
            var lossSample = lost / (double)(packets + lost);
            var weight = Math.Min(0.5, (packets + lost) / 300.0);
            LossFraction += (lossSample - LossFraction) * (lossSample < LossFraction ? Math.Max(0.1, weight) : weight);
        }

        UpdateRate(sample, sentRate, (int)packets, _intervalOwdMin, nowUs);
        _intervalOwdMin = int.MaxValue;

        // A queue that never drained during the interval is real, whatever the model says (built while
        // the estimate was too high, or by the peer's other traffic): let the virtual queue know, so
        // earliest-arrival routes around it and it drains instead of standing forever.
        if (SampleQueueUs > SaturationThresholdUs)
        {
            Drain(nowUs);
            var standingBytes = (SampleQueueUs - SaturationThresholdUs) * Math.Max(RateBitsPerSecond, _options.MinRateBitsPerSecond) / 8_000_000.0;
            BacklogBytes = Math.Max(BacklogBytes, standingBytes);
        }
    }

    /// <summary>Bytes sent on this link up to <paramref name="atUs"/>, from the history recorded at each
    /// feedback (the latest record not after it); false when the history does not reach back that far.</summary>
    private bool SentAt(long atUs, out long total)
    {
        total = 0;
        long bestUs = long.MinValue;
        foreach (var (recordedUs, recordedTotal) in _sentHistory)
        {
            if (recordedUs != 0 && recordedUs <= atUs && recordedUs > bestUs)
            {
                bestUs = recordedUs;
                total = recordedTotal;
            }
        }

        return bestUs != long.MinValue;
    }

    /// <summary>A data/probe went out on this link: grows the virtual queue.</summary>
    public void OnSent(int bytes, long nowUs)
    {
        Drain(nowUs);
        BacklogBytes += bytes;
        _sentTotal += bytes;
    }

    /// <summary>Predicted arrival (relative µs, comparable across links) of a packet sent now.</summary>
    public double PredictArrivalUs(int bytes, long nowUs, out double queueDelayUs)
    {
        Drain(nowUs);
        var rate = Math.Max(EffectiveRateBitsPerSecond, _options.MinRateBitsPerSecond);
        queueDelayUs = (BacklogBytes + bytes) * 8.0 * 1_000_000 / rate;
        return queueDelayUs + (HasDelay ? Math.Max(OwdMinUs, BaseDelayUs) : 0);
    }

    private void UpdateBaseDelay(int intervalOwdMin, long nowUs)
    {
        if (intervalOwdMin != int.MaxValue)
        {
            _recentIntervalMins[_recentIntervalMinsNext] = (nowUs, intervalOwdMin);
            _recentIntervalMinsNext = (_recentIntervalMinsNext + 1) % _recentIntervalMins.Length;
        }

        var loadedFloor = int.MaxValue;
        foreach (var (atUs, owdMin) in _recentIntervalMins)
        {
            if (atUs != 0 && nowUs - atUs <= LoadedFloorWindowUs)
            {
                loadedFloor = Math.Min(loadedFloor, owdMin);
            }
        }

        var cap = OwdMinUs + ((long)MaxJitterElevation * Math.Max(_jitterPeakUs, _previousJitterPeakUs));
        BaseDelayUs = loadedFloor == int.MaxValue ? OwdMinUs : (int)Math.Clamp(loadedFloor, OwdMinUs, cap);
    }

    /// <summary>Peak of the reported jitter over the current and previous 10-s windows: under FIFO load the
    /// packet-to-packet jitter shrinks (packets leave back to back), the idle (probe) value shows its size.</summary>
    private void TrackJitterPeak(long nowUs)
    {
        if (nowUs - _jitterPeakSinceUs > 10_000_000)
        {
            _previousJitterPeakUs = _jitterPeakUs;
            _jitterPeakUs = 0;
            _jitterPeakSinceUs = nowUs;
        }

        _jitterPeakUs = Math.Max(_jitterPeakUs, JitterUs);
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
        Array.Clear(_recentIntervalMins); // the path may have changed while it was down
        BaseDelayUs = OwdMinUs;
    }

    /// <summary>Queueing delay (µs) on the link during the last sample: the lowest one-way delay of the
    /// interval above the link's floor. Above <see cref="SaturationThresholdUs"/> the queue never drained.</summary>
    public int SampleQueueUs { get; private set; }

    /// <summary>Whether the last rate sample was taken while the link was busy all along.</summary>
    public bool LastSampleSaturated { get; private set; }

    /// <summary>Standing queue that proves saturation: jitter alone must not look like a queue.</summary>
    private double SaturationThresholdUs => Math.Max(_options.SaturationQueueDelay.TotalMicroseconds, 2.0 * JitterUs);

    /// <summary>
    /// A delivery-rate sample (bytes the peer received on this link over an interval of its clock), in the
    /// spirit of BBR's delivery-rate samples. If the link's queue never drained during the interval (the
    /// lowest one-way delay stayed above the floor), the link was busy all along and the sample is its
    /// capacity: take the max of recent saturated samples (noise filter, short so a drop from 20 to
    /// 2 Mbit/s is followed at once). Otherwise the sample is a lower bound that may raise the confirmed
    /// rate, and a link filled near it with its queue drained is probed for more. A queue alone is weak
    /// proof (a stalled receiver thread delays every packet of an interval, and jitter blurs the floor):
    /// the link must also have carried real traffic, and delivered clearly less than we offered or than
    /// we believed. A link that only carries a trickle (ACKs) keeps its estimate.
    /// </summary>
    private void UpdateRate(double sample, double sentRate, int packets, int intervalOwdMin, long nowUs)
    {
        const int MinSaturatedPackets = 8;
        var queueUs = intervalOwdMin == int.MaxValue || !HasDelay ? 0 : Math.Max(0, intervalOwdMin - Math.Max(OwdMinUs, BaseDelayUs));
        SampleQueueUs = queueUs;
        var threshold = SaturationThresholdUs;
        // Saturated: a queue stood all interval long and less got through than we offered or believed.
        var previousSaturated = LastSampleSaturated;
        LastSampleSaturated = queueUs > threshold && packets >= MinSaturatedPackets && (sentRate > OverloadFactor * sample || sample < 0.9 * RateBitsPerSecond);
        if (LastSampleSaturated)
        {
            _saturated[_saturatedNext] = (nowUs, sample);
            _saturatedNext = (_saturatedNext + 1) % _saturated.Length;
        }

        // What the link has shown it carries: not more than we offered, as a receiver that stalled for a
        // moment counts a bunch of late packets into one short interval.
        var credible = sentRate > 0 ? Math.Min(sample, sentRate * OverloadFactor) : sample;
        if (LastSampleSaturated && previousSaturated)
        {
            // Two samples in a row: one alone may be the edge of a demand drop seen through a late
            // receiver (the offered window still holds the earlier burst), not a slower link.
            var max = sample;
            foreach (var (atUs, value) in _saturated)
            {
                if (nowUs - atUs <= SaturatedWindowUs && value > max)
                {
                    max = value;
                }
            }

            // A queue well above the threshold has to drain, or it only creeps up to tail drop.
            _confirmed = queueUs > 3 * threshold ? max * DrainFactor : max;
            _startup = false;
            EndProbe(nowUs);
        }
        else if (queueUs > 3 * threshold && packets >= MinSaturatedPackets && sentRate >= 0.9 * sample && sample < 0.95 * _confirmed)
        {
            // A large standing queue all interval (well past what jitter fakes) while the link carries less
            // than we believe: the link was busy throughout, so the estimate is too high. One sample steps down at most 10 % (a busy machine
            // can fake a queue for an interval); two in a row take the delivery rate (above).
            _confirmed = Math.Max(sample, _confirmed * 0.9);
            EndProbe(nowUs);
        }
        else
        {
            var gained = credible > _confirmed * ProbeGainProof;
            _confirmed = Math.Max(_confirmed, credible);
            if (_probing && nowUs >= _probeUntilUs)
            {
                // The probe's extra traffic had a round trip and a sample to show up: more delivered keeps
                // probing from the new level, nothing more means the link is full — hold a while.
                if (gained)
                {
                    _startup = true;
                    StartProbe(nowUs);
                }
                else
                {
                    // A queue formed: the link is full, probe gently from now on. None: there was no
                    // demand to show more, the link may still have much more.
                    _startup &= queueUs <= QueueDrainedUs;
                    EndProbe(nowUs);
                }
            }
            else if (!_probing && nowUs >= _nextProbeUs && queueUs <= QueueDrainedUs
                && sentRate >= ProbeWhenUsed * _confirmed)
            {
                // We offered the link about all we believe it carries and its queue still drained: try more.
                StartProbe(nowUs);
            }
        }

        _confirmed = Math.Max(_confirmed, _options.MinRateBitsPerSecond);
        RateBitsPerSecond = PlannedRate();
    }

    /// <summary>The rate the scheduler gets: the confirmed rate raised by the probe gain while probing,
    /// less the headroom otherwise.</summary>
    private double PlannedRate() =>
        Math.Max(_confirmed * (_probing ? (_startup ? StartupProbeGain : ProbeGain) : Headroom), _options.MinRateBitsPerSecond);

    private void StartProbe(long nowUs)
    {
        _probing = true;
        _probeUntilUs = nowUs + RttUs + MinSampleIntervalUs;
    }

    private void EndProbe(long nowUs)
    {
        _probing = false;
        _nextProbeUs = nowUs + ProbeHoldUs;
    }

    /// <summary>The virtual queue drains at the link's capacity estimate: the effective rate also carries
    /// the weighting factors (loss, state, hints), and a queue drained at a link's cut weight would stand
    /// for seconds after the real one emptied, keeping the link out of the schedule.</summary>
    private void Drain(long nowUs)
    {
        if (nowUs <= _backlogUpdatedUs)
        {
            return;
        }

        var rate = Math.Max(EffectiveRateBitsPerSecond > 0 ? RateBitsPerSecond : 0, _options.MinRateBitsPerSecond);
        BacklogBytes = Math.Max(0, BacklogBytes - ((nowUs - _backlogUpdatedUs) * rate / 8_000_000.0));
        _backlogUpdatedUs = nowUs;
    }
}
