namespace Fleet.Bonding.Tests.Infrastructure;

/// <summary>
/// One TCP-like flow through the bond on the fake clock, driven by BBR v1's control loop — the congestion
/// control the netns bench's iperf3 flows use: start-up (gain 2.89) until the delivery rate stops growing,
/// drain, then the probe-bandwidth gain cycle; a window of 2 × max delivery rate × min RTT. Packets are
/// acknowledged when they leave the server's TUN, after a fixed return delay. It stands in for iperf3 so
/// scheduler changes can be judged deterministically: a single flow is limited by the RTT the bond adds
/// (reorder holds, link queues) as much as by capacity, and a CBR source does not show that.
/// </summary>
public sealed class SimulatedBbrFlow(BondHarness bond, int packetSize = 1400, TimeSpan? ackDelay = null)
{
    private static readonly double[] ProbeGains = [1.25, 0.75, 1, 1, 1, 1, 1, 1];
    private const double StartupGain = 2.89;
    private const int BandwidthWindowRounds = 10;

    private readonly long _ackDelayUs = (long)(ackDelay ?? TimeSpan.FromMilliseconds(1)).TotalMicroseconds;
    private readonly Dictionary<uint, (long SentUs, long DeliveredAtSend, long DeliveredTimeAtSend)> _inflight = [];
    private readonly Queue<(long AtUs, uint Seq)> _acks = new();
    private readonly Queue<(long Round, double Bw)> _bandwidth = new();
    private uint _nextSeq;
    private long _delivered, _deliveredTimeUs, _round, _nextRoundDelivered;
    private double _btlBw, _fullBw, _minRttUs = double.MaxValue, _credit;
    private int _fullBwCount, _cycle;
    private long _cycleStartUs, _lastStepUs = -1;
    private Phase _phase = Phase.Startup;

    private enum Phase { Startup, Drain, ProbeBandwidth }

    /// <summary>Payload bytes that reached the server's TUN (any order) since the start.</summary>
    public long DeliveredBytes { get; private set; }

    /// <summary>Packets that arrived after a later one (the bond released them out of order).</summary>
    public long OutOfOrder { get; private set; }

    public long Lost { get; private set; }

    /// <summary>Mean RTT of acknowledged packets (µs), and the lowest.</summary>
    public double MeanRttUs => _rttCount == 0 ? 0 : _rttSumUs / _rttCount;

    public double MinRttUs => _minRttUs;

    private double _rttSumUs;
    private long _rttCount;
    private uint _highestArrived;

    /// <summary>Runs the flow for <paramref name="duration"/>; returns the goodput (Mbit/s) over it.</summary>
    public double Run(TimeSpan duration, Action<TimeSpan>? eachStep = null)
    {
        var before = DeliveredBytes;
        bond.Run(duration, elapsed =>
        {
            eachStep?.Invoke(elapsed);
            Step(NowUs());
        });
        return (DeliveredBytes - before) * 8 / duration.TotalMicroseconds;
    }

    private long NowUs() => (long)bond.Time.GetElapsedTime(0).TotalMicroseconds;

    private void Step(long nowUs)
    {
        foreach (var packet in bond.DrainServerTun())
        {
            var seq = TestPackets.SequenceOf(packet);
            DeliveredBytes += packet.Length;
            if (seq < _highestArrived)
            {
                OutOfOrder++;
            }

            _highestArrived = Math.Max(_highestArrived, seq);
            _acks.Enqueue((nowUs + _ackDelayUs, seq));
        }

        while (_acks.Count > 0 && _acks.Peek().AtUs <= nowUs)
        {
            OnAck(_acks.Dequeue().Seq, nowUs);
        }

        DetectLosses(nowUs);
        Send(nowUs);
    }

    private void OnAck(uint seq, long nowUs)
    {
        if (!_inflight.Remove(seq, out var sent))
        {
            return;
        }

        _delivered++;
        _deliveredTimeUs = nowUs;
        var rtt = nowUs - sent.SentUs;
        _rttSumUs += rtt;
        _rttCount++;
        _minRttUs = Math.Min(_minRttUs, rtt);

        var newRound = sent.DeliveredAtSend >= _nextRoundDelivered;
        if (newRound)
        {
            _round++;
            _nextRoundDelivered = _delivered;
        }

        var intervalUs = nowUs - sent.DeliveredTimeAtSend;
        if (intervalUs > 0)
        {
            _bandwidth.Enqueue((_round, (_delivered - sent.DeliveredAtSend) / (double)intervalUs));
        }

        while (_bandwidth.Count > 0 && _bandwidth.Peek().Round <= _round - BandwidthWindowRounds)
        {
            _bandwidth.Dequeue();
        }

        _btlBw = _bandwidth.Count == 0 ? 0 : _bandwidth.Max(b => b.Bw);
        if (newRound && _phase == Phase.Startup)
        {
            if (_btlBw >= 1.25 * _fullBw)
            {
                _fullBw = _btlBw;
                _fullBwCount = 0;
            }
            else if (++_fullBwCount >= 3)
            {
                _phase = Phase.Drain;
            }
        }

        if (_phase == Phase.Drain && _inflight.Count <= Bdp())
        {
            _phase = Phase.ProbeBandwidth;
            _cycleStartUs = nowUs;
            _cycle = 0;
        }

        if (_phase == Phase.ProbeBandwidth && nowUs - _cycleStartUs > _minRttUs)
        {
            _cycle = (_cycle + 1) % ProbeGains.Length;
            _cycleStartUs = nowUs;
        }
    }

    /// <summary>A packet unacknowledged for 4 × min RTT + 200 ms is lost (a retransmission timeout).</summary>
    private void DetectLosses(long nowUs)
    {
        if (_inflight.Count == 0 || _minRttUs == double.MaxValue)
        {
            return;
        }

        var limitUs = (4 * _minRttUs) + 200_000;
        List<uint>? lost = null;
        foreach (var (seq, sent) in _inflight)
        {
            if (nowUs - sent.SentUs > limitUs)
            {
                (lost ??= []).Add(seq);
            }
        }

        foreach (var seq in lost ?? [])
        {
            _inflight.Remove(seq);
            Lost++;
        }
    }

    private double Bdp() => _btlBw * (_minRttUs == double.MaxValue ? 1000 : _minRttUs);

    private void Send(long nowUs)
    {
        var elapsedUs = _lastStepUs < 0 ? 0 : nowUs - _lastStepUs;
        _lastStepUs = nowUs;
        var (pacingGain, cwndGain) = _phase switch
        {
            Phase.Startup => (StartupGain, StartupGain),
            Phase.Drain => (1 / StartupGain, StartupGain),
            _ => (ProbeGains[_cycle], 2.0),
        };

        // Before the first sample: an initial window of 10 paced over a 1-ms guess of the RTT.
        var rate = _btlBw > 0 ? _btlBw * pacingGain : 10.0 / 1000 * pacingGain;
        var cwnd = _btlBw > 0 ? Math.Max(4, (cwndGain * Bdp()) + 3) : 10;
        // Bursts of at most 2 ms at the pacing rate (and 4 packets), as the kernel's pacing quantum allows.
        _credit = Math.Min(_credit + (rate * elapsedUs), Math.Max(4, rate * 2000));
        while (_credit >= 1 && _inflight.Count < cwnd)
        {
            _credit--;
            var seq = _nextSeq++;
            _inflight[seq] = (nowUs, _delivered, _deliveredTimeUs == 0 ? nowUs : _deliveredTimeUs);
            bond.Client.Session.SendPacket(TestPackets.Udp(seq, packetSize));
        }
    }
}
