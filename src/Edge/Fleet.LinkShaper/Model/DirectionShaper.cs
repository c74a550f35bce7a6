namespace Fleet.LinkShaper.Model;

/// <summary>
/// The emulated link in one direction, as pure logic over explicit times (µs since epoch), so it runs the
/// same on the real clock and on a test's fake one. Order of effects per frame, like a cellular bearer:
/// blackhole → drop-tail queue → transmission at the (trace) capacity → radio loss (the frame used its
/// airtime) → propagation delay ± jitter, FIFO unless reordering is allowed. Not thread-safe: the relay
/// serialises calls per direction.
/// </summary>
public sealed class DirectionShaper
{
    private readonly Queue<(long FinishUs, int Bytes)> _inQueue = new(1024);
    private FastRandom _random;
    private long _lastFinishUs;
    private long _lastReleaseUs;
    private long _queuedBytes;

    public DirectionShaper(DirectionSettings settings, ulong seed)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _random = new FastRandom(seed);
    }

    public DirectionSettings Settings { get; private set; }

    public bool Blackholed { get; set; }

    public long QueuedBytes => _queuedBytes;

    public ShaperCounters Counters { get; } = new();

    /// <summary>Changes capacity/delay/loss from now on; frames already accepted keep their release time.</summary>
    public void Reconfigure(DirectionSettings settings) => Settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Restarts the clock (new epoch): the caller's times start again at 0.</summary>
    public void ResetClock()
    {
        _inQueue.Clear();
        _queuedBytes = 0;
        _lastFinishUs = 0;
        _lastReleaseUs = 0;
    }

    public ShaperVerdict Offer(long nowUs, int bytes)
    {
        Counters.Offered++;
        if (Blackholed) return Count(ShaperVerdict.Drop(ShaperDropReason.Blackhole));

        while (_inQueue.TryPeek(out var head) && head.FinishUs <= nowUs)
        {
            _inQueue.Dequeue();
            _queuedBytes -= head.Bytes;
        }

        var s = Settings;
        var start = Math.Max(nowUs, _lastFinishUs);
        var finish = s.Capacity.FinishTime(start, bytes);
        if (finish == long.MaxValue || finish - nowUs > s.QueueLimitUs
            || (s.QueueLimitBytes > 0 && _queuedBytes + bytes > s.QueueLimitBytes))
            return Count(ShaperVerdict.Drop(ShaperDropReason.QueueFull));

        _lastFinishUs = finish;
        _inQueue.Enqueue((finish, bytes));
        _queuedBytes += bytes;

        if (s.Loss is { } loss && loss.IsLost(ref _random)) return Count(ShaperVerdict.Drop(ShaperDropReason.Loss));

        var delay = s.DelayUs;
        if (s.JitterUs > 0) delay += (long)((_random.NextDouble() * 2 - 1) * s.JitterUs);
        var release = finish + Math.Max(0, delay);
        if (!s.AllowReorder) release = Math.Max(release, _lastReleaseUs);
        _lastReleaseUs = Math.Max(_lastReleaseUs, release);
        return Count(ShaperVerdict.Deliver(release));
    }

    private ShaperVerdict Count(ShaperVerdict verdict)
    {
        switch (verdict.Reason)
        {
            case ShaperDropReason.None: Counters.Delivered++; break;
            case ShaperDropReason.Blackhole: Counters.DroppedBlackhole++; break;
            case ShaperDropReason.QueueFull: Counters.DroppedQueue++; break;
            case ShaperDropReason.Loss: Counters.DroppedLoss++; break;
        }
        return verdict;
    }
}

/// <summary>Per-direction counters; plain fields, written by one thread, read approximately for reports.</summary>
public sealed class ShaperCounters
{
    public long Offered;
    public long Delivered;
    public long DroppedBlackhole;
    public long DroppedQueue;
    public long DroppedLoss;
    public long DroppedNoBuffer;
    public long Oversize;

    public override string ToString() =>
        $"offered={Offered} delivered={Delivered} drop_queue={DroppedQueue} drop_loss={DroppedLoss} " +
        $"drop_blackhole={DroppedBlackhole} drop_nobuf={DroppedNoBuffer} oversize={Oversize}";
}
