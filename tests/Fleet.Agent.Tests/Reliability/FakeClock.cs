namespace Fleet.Agent.Tests.Reliability;

/// <summary>
/// A TimeProvider that moves only when told to, with timers (PeriodicTimer, Task.Delay) that fire as it moves.
/// Like the real clock, timers run on monotonic time: <see cref="JumpWallClock"/> moves GetUtcNow only,
/// the way an NTP step or an RTC reset does, and timers do not notice.
/// </summary>
internal sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private TimeSpan _monotonic;
    private TimeSpan _wallOffset;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return start + _monotonic + _wallOffset;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _monotonic.Ticks;
        }
    }

    public void JumpWallClock(TimeSpan by)
    {
        lock (_gate)
        {
            _wallOffset += by;
        }
    }

    /// <summary>Moves time forward, firing every timer due on the way in order (callbacks run on this thread).</summary>
    public void Advance(TimeSpan by)
    {
        TimeSpan target;
        lock (_gate)
        {
            target = _monotonic + by;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _monotonic = target;
                    return;
                }

                if (next.Due!.Value > _monotonic)
                {
                    _monotonic = next.Due.Value;
                }

                next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period : null;
            }

            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (clock._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = null;
                }
                else if (dueTime <= TimeSpan.Zero)
                {
                    fireNow = true;
                    Due = Period > TimeSpan.Zero ? clock._monotonic + Period : null;
                }
                else
                {
                    Due = clock._monotonic + dueTime;
                }
            }

            if (fireNow)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
