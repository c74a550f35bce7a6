using Fleet.Bonding.Protocol;

namespace Fleet.Bonding;

/// <summary>
/// Receiver-side resequencing by global sequence. In-order packets pass straight through; a packet
/// after a hole is held until the hole fills, is proven lost (every live link has already delivered
/// something sent after it — links are FIFO), or waits longer than the adaptive timeout (the observed
/// one-way-delay spread between links). So a loss on one link stalls the others only briefly.
/// Counters: reordered (held, then released in order), late (arrived after its hole was given up —
/// still delivered), duplicate, lost. Not thread-safe: used under the session's receive lock.
/// </summary>
internal sealed class ReorderBuffer
{
    public const int Capacity = 2048;
    private const int Mask = Capacity - 1;

    private readonly Slot[] _slots = new Slot[Capacity];
    private readonly PacketBufferPool _pool;
    private readonly IPacketSink _sink;
    private uint _next;
    private bool _started;
    private int _held;
    private long _headWaitSinceUs;

    private long _delivered, _reordered, _late, _duplicate, _lost, _lostEarly, _tooOld, _heldUs;

    private readonly IRetransmitRequester? _requester;
    private long _nacked;

    public ReorderBuffer(IPacketSink sink, PacketBufferPool pool, IRetransmitRequester? requester = null)
    {
        _sink = sink;
        _pool = pool;
        _requester = requester;
    }

    /// <summary>How long a hole that was NACKed waits for its retransmission before it is given up.</summary>
    public long RetransmitWaitUs { get; set; } = 50_000;

    public int Held => _held;

    public uint NextExpected => _next;

    public long TimeoutUs { get; set; } = 50_000;

    public ReorderCounters Counters => new(_delivered, _reordered, _late, _duplicate, _lost, _lostEarly, _tooOld, _held, TimeoutUs / 1000.0, _nacked,
        _reordered == 0 ? 0 : _heldUs / 1000.0 / _reordered);

    /// <summary>Offers one packet. <paramref name="minPassed"/>: the lowest "sent-before" mark over
    /// live links (null = unknown), used to declare holes lost without waiting.
    /// <paramref name="releaseAtUs"/>: when the session wants the packet handed on (its send time plus the
    /// common playout delay); passed through to the sink with the packet.</summary>
    public void Accept(uint seq, ReadOnlySpan<byte> packet, long nowUs, uint? minPassed, long releaseAtUs = long.MinValue)
    {
        if (!_started)
        {
            _next = seq;
            _started = true;
        }

        var distance = SerialNumber.Diff(seq, _next);
        if (distance < 0)
        {
            AcceptBehind(seq, packet, distance, releaseAtUs);
            return;
        }

        if (distance == 0)
        {
            Emit(packet, releaseAtUs);
            MarkDone(seq, SlotState.Delivered);
            _next++;
            ReleaseReady(nowUs);
            Expire(nowUs, minPassed);
            return;
        }

        if (distance >= Capacity)
        {
            // Far ahead (a long outage, or the peer restarted its sequence): give up everything between.
            SkipTo(seq - Capacity + 1, nowUs, early: false);
        }

        ref var slot = ref _slots[seq & Mask];
        if (slot.State == SlotState.Held && slot.Seq == seq)
        {
            _duplicate++;
            return;
        }

        if (slot.State == SlotState.Held)
        {
            // A stale packet from a previous lap still occupies the slot: it can only be older than _next.
            ReleaseSlot(ref slot);
        }

        var buffer = _pool.Rent();
        packet.CopyTo(buffer);
        slot = new Slot { Seq = seq, State = SlotState.Held, Buffer = buffer, Length = packet.Length, HeldSinceUs = nowUs, ReleaseAtUs = releaseAtUs };
        if (_held == 0)
        {
            _headWaitSinceUs = nowUs;
        }

        _held++;
        Expire(nowUs, minPassed);
    }

    /// <summary>Gives up on holes that are proven lost (after asking for a retransmission, when a
    /// requester is set) or have waited past the timeout.</summary>
    public void Expire(long nowUs, uint? minPassed)
    {
        if (_requester is not null && minPassed is { } limit && _held > 0)
        {
            RequestRetransmissions(nowUs, limit);
        }

        while (_held > 0)
        {
            ref var head = ref _slots[_next & Mask];
            if (head.State == SlotState.Held && head.Seq == _next)
            {
                ReleaseReady(nowUs);
                continue;
            }

            var nacked = head.State == SlotState.Nacked && head.Seq == _next;
            var provenLost = minPassed is { } passed && SerialNumber.Greater(passed, _next);
            bool giveUp;
            if (nacked)
            {
                // A retransmission was asked for: wait for it (bounded), not for the plain timeout.
                giveUp = nowUs - head.NackedAtUs >= RetransmitWaitUs || nowUs - _headWaitSinceUs >= 4 * TimeoutUs;
            }
            else
            {
                giveUp = (provenLost && _requester is null) || nowUs - _headWaitSinceUs >= TimeoutUs;
            }

            if (!giveUp)
            {
                break;
            }

            if (provenLost)
            {
                _lostEarly++;
            }

            _lost++;
            MarkDone(_next, SlotState.Skipped);
            _next++;
            ReleaseReady(nowUs);
        }
    }

    /// <summary>NACKs every hole below <paramref name="limit"/> (proven lost on its link) once.</summary>
    private void RequestRetransmissions(long nowUs, uint limit)
    {
        const int MaxPerCall = 64;
        var asked = 0;
        for (var seq = _next; SerialNumber.Diff(limit, seq) > 0 && SerialNumber.Diff(seq, _next) < Capacity && asked < MaxPerCall; seq++)
        {
            ref var slot = ref _slots[seq & Mask];
            if (slot.Seq == seq && slot.State is SlotState.Held or SlotState.Nacked)
            {
                continue;
            }

            if (slot.State == SlotState.Held)
            {
                ReleaseSlot(ref slot);
            }

            slot.Seq = seq;
            slot.State = SlotState.Nacked;
            slot.NackedAtUs = nowUs;
            _requester!.RequestRetransmit(seq);
            _nacked++;
            asked++;
        }
    }

    /// <summary>Drops everything (session reset).</summary>
    public void Clear()
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_slots[i].State == SlotState.Held)
            {
                ReleaseSlot(ref _slots[i]);
            }

            _slots[i] = default;
        }

        _held = 0;
        _started = false;
    }

    private void AcceptBehind(uint seq, ReadOnlySpan<byte> packet, int distance, long releaseAtUs)
    {
        if (distance <= -Capacity)
        {
            _tooOld++;
            return;
        }

        ref var slot = ref _slots[seq & Mask];
        if (slot.Seq == seq && slot.State == SlotState.Skipped)
        {
            // Its hole was given up; TCP would rather have it late than retransmit.
            _late++;
            _lost--;
            Emit(packet, releaseAtUs);
            slot.State = SlotState.Delivered;
            return;
        }

        _duplicate++;
    }

    private void ReleaseReady(long nowUs)
    {
        var released = false;
        while (_held > 0)
        {
            ref var slot = ref _slots[_next & Mask];
            if (slot.State != SlotState.Held || slot.Seq != _next)
            {
                break;
            }

            Emit(slot.Buffer.AsSpan(0, slot.Length), slot.ReleaseAtUs);
            _reordered++;
            _heldUs += nowUs - slot.HeldSinceUs;
            ReleaseSlot(ref slot);
            slot.State = SlotState.Delivered;
            _next++;
            released = true;
        }

        if (released && _held > 0)
        {
            // A new hole is at the head; its wait starts now (the packets behind it were not waiting on it).
            _headWaitSinceUs = nowUs;
        }
    }

    private void SkipTo(uint target, long nowUs, bool early)
    {
        while (SerialNumber.Diff(target, _next) > 0)
        {
            ref var slot = ref _slots[_next & Mask];
            if (slot.State == SlotState.Held && slot.Seq == _next)
            {
                Emit(slot.Buffer.AsSpan(0, slot.Length), slot.ReleaseAtUs);
                _reordered++;
                _heldUs += nowUs - slot.HeldSinceUs;
                ReleaseSlot(ref slot);
                slot.State = SlotState.Delivered;
            }
            else
            {
                _lost++;
                if (early)
                {
                    _lostEarly++;
                }

                MarkDone(_next, SlotState.Skipped);
            }

            _next++;
        }

        ReleaseReady(nowUs);
        _headWaitSinceUs = nowUs;
    }

    private void MarkDone(uint seq, SlotState state)
    {
        ref var slot = ref _slots[seq & Mask];
        if (slot.State == SlotState.Held)
        {
            ReleaseSlot(ref slot);
        }

        slot.Seq = seq;
        slot.State = state;
    }

    private void ReleaseSlot(ref Slot slot)
    {
        if (slot.Buffer is not null)
        {
            _pool.Return(slot.Buffer);
        }

        slot.Buffer = null!;
        slot.Length = 0;
        slot.State = SlotState.Empty;
        _held--;
    }

    private void Emit(ReadOnlySpan<byte> packet, long releaseAtUs)
    {
        _delivered++;
        _sink.Deliver(packet, releaseAtUs);
    }

    private enum SlotState : byte
    {
        Empty,
        Held,
        Delivered,
        Skipped,
        Nacked,
    }

    private struct Slot
    {
        public uint Seq;
        public SlotState State;
        public byte[] Buffer;
        public int Length;
        public long NackedAtUs;
        public long HeldSinceUs;
        public long ReleaseAtUs;
    }
}
