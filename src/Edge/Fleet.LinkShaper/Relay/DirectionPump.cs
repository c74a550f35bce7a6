using System.Runtime.CompilerServices;
using Fleet.LinkShaper.Model;

namespace Fleet.LinkShaper.Relay;

/// <summary>
/// One direction of one link: a receive thread reads frames from the ingress port straight into a slot of a
/// preallocated slab, asks the <see cref="DirectionShaper"/> for a verdict, and queues the slot by release
/// time; the shared <see cref="ReleaseScheduler"/> sends due slots out of the egress port. No allocation and
/// no logging per frame.
/// </summary>
internal sealed class DirectionPump : IDisposable
{
    public const int SlotSize = 2048;

    private readonly PacketPort _ingress;
    private readonly PacketPort _egress;
    private readonly byte[] _slab;
    private readonly int[] _length;
    private readonly Stack<int> _free;
    private readonly PriorityQueue<int, (long ReleaseUs, long Seq)> _queue;
    private readonly Lock _gate = new();
    private readonly Action _wake;
    private readonly Thread _receiver;
    private long _seq;
    private volatile bool _stopping;

    public DirectionPump(string name, PacketPort ingress, PacketPort egress, DirectionShaper shaper, int slots, Action wake)
    {
        Name = name;
        _ingress = ingress;
        _egress = egress;
        Shaper = shaper;
        _wake = wake;
        _slab = GC.AllocateUninitializedArray<byte>(slots * SlotSize, pinned: true);
        _length = new int[slots];
        _free = new Stack<int>(slots);
        for (var i = slots - 1; i >= 0; i--) _free.Push(i);
        _queue = new PriorityQueue<int, (long, long)>(slots);
        _receiver = new Thread(RunReceiveLoop) { IsBackground = true, Name = $"rx-{name}" };
    }

    public string Name { get; }

    public DirectionShaper Shaper { get; }

    public long SendFailures;

    public void Start() => _receiver.Start();

    /// <summary>Changes the shaper under the pump's lock (control thread).</summary>
    public void Update(Action<DirectionShaper> change)
    {
        lock (_gate) change(Shaper);
    }

    /// <summary>Sends every frame due by <paramref name="nowUs"/>; returns the next release time or long.MaxValue.</summary>
    public long ReleaseDue(long nowUs)
    {
        lock (_gate)
        {
            while (_queue.TryPeek(out var slot, out var key))
            {
                if (key.ReleaseUs > nowUs) return key.ReleaseUs;
                _queue.Dequeue();
                if (!_egress.Send(_slab.AsSpan(slot * SlotSize, _length[slot]))) SendFailures++;
                _free.Push(slot);
            }
            return long.MaxValue;
        }
    }

    private void RunReceiveLoop()
    {
        Span<byte> scratch = stackalloc byte[SlotSize];
        while (!_stopping)
        {
            int slot;
            lock (_gate) slot = _free.Count > 0 ? _free.Pop() : -1;
            var buffer = slot >= 0 ? _slab.AsSpan(slot * SlotSize, SlotSize) : scratch;
            var n = _ingress.Receive(buffer);
            if (n == 0 || slot < 0 || n > SlotSize)
            {
                if (n > 0 && slot < 0) Interlocked.Increment(ref Shaper.Counters.DroppedNoBuffer);
                if (n > SlotSize) Interlocked.Increment(ref Shaper.Counters.Oversize);
                if (slot >= 0) lock (_gate) _free.Push(slot);
                continue;
            }
            Enqueue(slot, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enqueue(int slot, int length)
    {
        var now = ShaperClock.NowUs;
        bool newHead;
        lock (_gate)
        {
            var verdict = Shaper.Offer(now, length);
            if (verdict.Action == ShaperAction.Drop)
            {
                _free.Push(slot);
                return;
            }
            _length[slot] = length;
            newHead = !_queue.TryPeek(out _, out var head) || verdict.ReleaseAtUs < head.ReleaseUs;
            _queue.Enqueue(slot, (verdict.ReleaseAtUs, _seq++));
        }
        if (newHead) _wake();
    }

    public void Dispose()
    {
        _stopping = true;
        if (_receiver.IsAlive) _receiver.Join(TimeSpan.FromSeconds(1));
    }
}
