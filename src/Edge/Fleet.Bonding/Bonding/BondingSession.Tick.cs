using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingSession
{
    // ---------------------------------------------------------------- tick

    /// <summary>Periodic work (every <see cref="BondingOptions.TickInterval"/>): reorder timeouts, link
    /// states and weights, feedback, probes, old-key expiry.</summary>
    public void Tick()
    {
        var nowUs = NowUs();
        var feedbackCount = 0;
        var active = nowUs - _lastDataUs < ActiveWindowUs;
        if (active && !_wasActive)
        {
            // Idle → active: the silence threshold shrinks from seconds to SilentTimeout, but the peer
            // probed only once a second until now; measure silence from here, or every link flaps Down.
            _activeSinceUs = nowUs;
        }

        _wasActive = active;
        lock (_rxLock)
        {
            if (_disposed)
            {
                return;
            }

            _rxNowUs = nowUs;
            UpdateReorderTimeout(nowUs);
            UpdatePlayoutDelay(nowUs);
            _playout.ReleaseDue(nowUs, new TunSink(this));
            if (_logger.IsEnabled(LogLevel.Debug) && nowUs - _lastWeightsUs >= _options.WeightInterval.TotalMicroseconds)
            {
                // Once a second with the link details below (diagnosis of reorder holds as RTT jitter).
                LogReorderDetail(_logger, LocalSessionId, _reorder.TimeoutUs / 1000.0, _reorder.RetransmitWaitUs / 1000.0, _reorder.Held,
                    _reorder.Counters, Interlocked.Read(ref _retransmitted));
                var (delayed, early, meanWaitMs) = _playout.Counters;
                LogPlayoutDetail(_logger, LocalSessionId, _hasPlayoutDelay, _playout.Count, delayed, early, meanWaitMs);
            }
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

            // Silence is judged against the freshest link: when every link goes quiet at once it is this
            // process (or the peer) that stalled, and there is no better link to move traffic to.
            long freshestRxUs = Never, freshestPeerUs = Never;
            foreach (var link in _links)
            {
                freshestRxUs = Math.Max(freshestRxUs, link.LastReceiveUs);
                freshestPeerUs = Math.Max(freshestPeerUs, PeerHeardUs(link, nowUs));
            }

            foreach (var link in _links)
            {
                AdvanceState(link, nowUs, active, freshestRxUs, freshestPeerUs);
                if (recomputeWeights)
                {
                    UpdateHint(link);
                }

                link.Estimator.EffectiveRateBitsPerSecond = EffectiveRate(link, nowUs);
                if (recomputeWeights && _logger.IsEnabled(LogLevel.Debug))
                {
                    var e = link.Estimator;
                    LogLinkDetail(_logger, LocalSessionId, link.Id, link.State, e.RateBitsPerSecond / 1e6, e.DeliveryBitsPerSecond / 1e6,
                        e.EffectiveRateBitsPerSecond / 1e6, e.BacklogBytes * 8000.0 / Math.Max(e.EffectiveRateBitsPerSecond, 1), e.OwdMinUs / 1000.0,
                        e.OwdSmoothedUs / 1000.0, e.JitterUs / 1000.0, e.RttUs / 1000.0, e.LossFraction, link.SentPackets, link.Rx.Packets);
                }
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

    /// <summary>When the peer last heard this link, per its latest report (Never if no fresh report).</summary>
    private long PeerHeardUs(BondLink link, long nowUs)
    {
        var estimator = link.Estimator;
        var reportFresh = nowUs - estimator.PeerReportUs < 4 * SilentTimeoutUs(nowUs);
        return reportFresh && estimator.PeerRxAgeMs != ushort.MaxValue ? estimator.PeerReportUs - (estimator.PeerRxAgeMs * 1000L) : Never;
    }

    /// <summary>
    /// The link state machine, with hysteresis so a busy machine or a direction change does not flap links:
    /// silence counts only relative to the freshest link (and from when traffic started), both as heard
    /// here and as the peer reports; Up ↔ Degraded needs the loss to stay past its threshold for a while.
    /// </summary>
    private void AdvanceState(BondLink link, long nowUs, bool active, long freshestRxUs, long freshestPeerUs)
    {
        var silentUs = SilentTimeoutUs(nowUs);
        var since = active ? _activeSinceUs : Never;
        var heardUs = Math.Max(link.LastReceiveUs, since);
        // Silent for SilentTimeout while another link was heard clearly later (when all go quiet together
        // it is a stall, not this link); a link silent for much longer is Down even if all are.
        var rxSilent = (nowUs - heardUs > silentUs && freshestRxUs - heardUs > silentUs / 2) || nowUs - heardUs > 8 * silentUs;
        var peerHeardUs = Math.Max(PeerHeardUs(link, nowUs), since);
        var peerSilent = freshestPeerUs != Never && nowUs - peerHeardUs > silentUs && freshestPeerUs - peerHeardUs > silentUs / 2
            && nowUs - link.StateSinceUs > silentUs;
        var estimator = link.Estimator;
        var dwellOver = nowUs - link.StateSinceUs > _options.WeightInterval.TotalMicroseconds;
        switch (link.State)
        {
            case LinkState.Probing:
                if (link.ProbeAnswers >= _options.ProbeConfirmations && !rxSilent && !peerSilent && estimator.PeerReportUs > link.StateSinceUs
                    && nowUs - PeerHeardUs(link, nowUs) <= 2 * silentUs)
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
                if (rxSilent || peerSilent)
                {
                    SetState(link, LinkState.Down, nowUs);
                }
                else if (link.State == LinkState.Up && dwellOver && estimator.LossFraction > _options.DegradedLossFraction)
                {
                    SetState(link, LinkState.Degraded, nowUs);
                }
                else if (link.State == LinkState.Degraded && dwellOver && estimator.LossFraction < _options.DegradedLossFraction / 2)
                {
                    SetState(link, LinkState.Up, nowUs, keepRamp: true);
                }

                break;
            case LinkState.Down:
                if (link.LastReceiveUs > link.StateSinceUs && nowUs - link.LastReceiveUs <= silentUs && link.LastSendFailureUs < nowUs - silentUs)
                {
                    SetState(link, LinkState.Probing, nowUs);
                }

                break;
        }
    }

    private void SetState(BondLink link, LinkState state, long nowUs, bool keepRamp = false)
    {
        var old = link.State;
        link.State = state;
        link.StateSinceUs = nowUs;
        if (state == LinkState.Up && !keepRamp)
        {
            // Ramp a link that (re)joins links already carrying the traffic, so its first estimate errors
            // hit a small share; links that come up together at start have nothing to protect.
            var othersSettled = false;
            foreach (var other in _links)
            {
                othersSettled |= other != link && other.IsSchedulable && nowUs - other.StateSinceUs > _options.RampUpTime.TotalMicroseconds;
            }

            link.RampStartUs = othersSettled ? nowUs : Never;
        }

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
            var sinceUs = nowUs - link.RampStartUs;
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

    /// <summary>
    /// The common playout delay (relative frame): the highest one-way-delay floor of the live links plus
    /// <see cref="BondingOptions.PlayoutHeadroom"/>, or the highest recent one-way delay seen on one of
    /// them when that is more, at most <see cref="BondingOptions.MaxPlayoutDelay"/> above the lowest
    /// floor. Every live link counts, loaded or idle: the delay must be the same before the load comes
    /// (when TCP takes its minimum RTT) as under it. Off, or no live link measured: packets go at once.
    /// </summary>
    private void UpdatePlayoutDelay(long nowUs)
    {
        if (!_options.CommonDelayRelease)
        {
            _hasPlayoutDelay = false;
            _playout.Flush(nowUs, new TunSink(this));
            return;
        }

        var silentUs = SilentTimeoutUs(nowUs);
        long lowestFloor = long.MaxValue, highestFloor = long.MinValue, highestRecent = long.MinValue;
        foreach (var link in _links)
        {
            if (!link.IsSchedulable || link.Rx.Packets == 0 || nowUs - link.Rx.LastReceiveUs > silentUs)
            {
                continue;
            }

            long floor = link.Rx.WindowedOwdMinUs;
            lowestFloor = Math.Min(lowestFloor, floor);
            highestFloor = Math.Max(highestFloor, floor);
            highestRecent = Math.Max(highestRecent, link.Rx.OwdHighUs);
        }

        if (lowestFloor == long.MaxValue)
        {
            _hasPlayoutDelay = false;
            return;
        }

        var target = Math.Max(highestFloor + (long)_options.PlayoutHeadroom.TotalMicroseconds, highestRecent + PlayoutMarginUs);
        _playoutDelayRelUs = Math.Min(target, lowestFloor + (long)_options.MaxPlayoutDelay.TotalMicroseconds);
        _hasPlayoutDelay = true;
    }

    /// <summary>Above the highest recent delay: the release timer's granularity.</summary>
    private const long PlayoutMarginUs = 2_000;

    /// <summary>Current playout delay above the lowest live link's floor (ms; 0 when off or unknown).</summary>
    internal double PlayoutDelayMs
    {
        get
        {
            lock (_rxLock)
            {
                if (!_hasPlayoutDelay)
                {
                    return 0;
                }

                var lowest = long.MaxValue;
                foreach (var link in _links)
                {
                    if (link.Rx.Packets > 0)
                    {
                        lowest = Math.Min(lowest, link.Rx.WindowedOwdMinUs);
                    }
                }

                return lowest == long.MaxValue ? 0 : (_playoutDelayRelUs - lowest) / 1000.0;
            }
        }
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
}
