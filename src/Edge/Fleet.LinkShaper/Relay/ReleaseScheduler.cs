namespace Fleet.LinkShaper.Relay;

/// <summary>
/// One thread that releases due frames of every direction. It sleeps on an event until roughly 1 ms before
/// the earliest release, then in short usleep steps (timer slack lowered to 1 µs) instead of spinning, so
/// release error stays well under a millisecond while the CPU stays idle between frames.
/// </summary>
internal sealed class ReleaseScheduler : IDisposable
{
    private readonly List<DirectionPump> _pumps = [];
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public ReleaseScheduler()
    {
        _thread = new Thread(RunReleaseLoop) { IsBackground = true, Name = "release", Priority = ThreadPriority.Highest };
    }

    public void Add(DirectionPump pump) => _pumps.Add(pump);

    public void Wake() => _wake.Set();

    public void Start() => _thread.Start();

    private void RunReleaseLoop()
    {
        PacketNative.Prctl(PacketNative.PrSetTimerSlack, 1000, 0, 0, 0); // 1 µs slack instead of 50 µs
        while (!_stopping)
        {
            _wake.Reset();
            var now = ShaperClock.NowUs;
            var next = long.MaxValue;
            foreach (var pump in _pumps) next = Math.Min(next, pump.ReleaseDue(now));
            if (next == long.MaxValue)
            {
                _wake.Wait(100);
                continue;
            }
            var wait = next - ShaperClock.NowUs;
            if (wait <= 0) continue;
            if (wait > 2000) _wake.Wait((int)((wait - 1000) / 1000));
            else PacketNative.USleep((uint)Math.Min(wait, 500));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(1));
    }
}
