namespace Fleet.Bonding;

/// <summary>
/// The last receive stage: packets leave the reorder buffer in order and wait here until their release
/// time (send time + the session's common playout delay), so every packet of a flow sees the same
/// one-way delay whichever link carried it. A single TCP flow then measures one steady RTT — the delay
/// of the slowest link in use — instead of a minimum RTT from the fastest link at low load, which caps
/// a delay-based controller (BBR: window ≈ 2 × bandwidth × min RTT) near one link's worth. Release
/// times are kept monotonic (FIFO); a packet already due when the line is empty passes at once. When
/// the line is full the oldest packet leaves early (never dropped). Not thread-safe: used under the
/// session's receive lock.
/// </summary>
internal sealed class PlayoutBuffer
{
    public const int Capacity = 4096;
    private const int Mask = Capacity - 1;

    private readonly Entry[] _entries = new Entry[Capacity];
    private readonly PacketBufferPool _pool;
    private int _head;
    private int _count;
    private long _lastReleaseAtUs = long.MinValue;
    private long _delayed, _early, _heldUs;

    public PlayoutBuffer(PacketBufferPool pool) => _pool = pool;

    public int Count => _count;

    /// <summary>Packets that waited here; packets pushed out early because the line was full; mean wait.</summary>
    public (long Delayed, long Early, double MeanWaitMs) Counters => (_delayed, _early, _delayed == 0 ? 0 : _heldUs / 1000.0 / _delayed);

    /// <summary>Release time of the oldest waiting packet (long.MaxValue when empty).</summary>
    public long NextReleaseUs => _count == 0 ? long.MaxValue : _entries[_head].ReleaseAtUs;

    /// <summary>Passes <paramref name="packet"/> to <paramref name="deliver"/> now, or queues a copy
    /// until <paramref name="releaseAtUs"/>.</summary>
    public void Add<TSink>(ReadOnlySpan<byte> packet, long releaseAtUs, long nowUs, TSink deliver)
        where TSink : IPlayoutSink
    {
        releaseAtUs = Math.Max(releaseAtUs, _lastReleaseAtUs);
        if (_count == 0 && releaseAtUs <= nowUs)
        {
            deliver.Write(packet);
            return;
        }

        if (_count == Capacity)
        {
            ReleaseHead(nowUs, deliver, early: true);
        }

        var buffer = _pool.Rent();
        packet.CopyTo(buffer);
        _entries[(_head + _count) & Mask] = new Entry { Buffer = buffer, Length = packet.Length, ReleaseAtUs = releaseAtUs, AddedUs = nowUs };
        _count++;
        _lastReleaseAtUs = releaseAtUs;
    }

    /// <summary>Writes every packet whose release time has come, in order.</summary>
    public void ReleaseDue<TSink>(long nowUs, TSink deliver)
        where TSink : IPlayoutSink
    {
        while (_count > 0 && _entries[_head].ReleaseAtUs <= nowUs)
        {
            ReleaseHead(nowUs, deliver, early: false);
        }
    }

    /// <summary>Writes everything at once (playout turned off, or the session is going away).</summary>
    public void Flush<TSink>(long nowUs, TSink deliver)
        where TSink : IPlayoutSink
    {
        while (_count > 0)
        {
            ReleaseHead(nowUs, deliver, early: false);
        }
    }

    public void Clear()
    {
        while (_count > 0)
        {
            ref var entry = ref _entries[_head];
            _pool.Return(entry.Buffer);
            entry = default;
            _head = (_head + 1) & Mask;
            _count--;
        }
    }

    private void ReleaseHead<TSink>(long nowUs, TSink deliver, bool early)
        where TSink : IPlayoutSink
    {
        ref var entry = ref _entries[_head];
        deliver.Write(entry.Buffer.AsSpan(0, entry.Length));
        _pool.Return(entry.Buffer);
        _delayed++;
        _heldUs += nowUs - entry.AddedUs;
        if (early)
        {
            _early++;
        }

        entry = default;
        _head = (_head + 1) & Mask;
        _count--;
    }

    private struct Entry
    {
        public byte[] Buffer;
        public int Length;
        public long ReleaseAtUs;
        public long AddedUs;
    }
}

/// <summary>Where the playout buffer writes due packets (a struct wrapper, so the generic call does not allocate).</summary>
internal interface IPlayoutSink
{
    void Write(ReadOnlySpan<byte> packet);
}
