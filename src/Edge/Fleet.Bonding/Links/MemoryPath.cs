using System.Buffers;
using System.Net;

namespace Fleet.Bonding.Links;

/// <summary>A queued datagram inside the in-memory network (buffer rented from ArrayPool).</summary>
internal readonly record struct MemoryDatagram(byte[] Buffer, int Length, EndPoint? From, long DeliverAt);

/// <summary>
/// Receiving end of an in-memory socket: datagrams become readable at their delivery time (ordered by
/// it, ties by arrival), so several paths with different delays share one inbox without blocking each
/// other. <see cref="TryReceive"/> lets a test pump by hand under a fake clock.
/// </summary>
internal sealed class MemoryInbox(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<MemoryDatagram, (long DeliverAt, long Order)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _order;
    private bool _closed;

    public void Post(MemoryDatagram datagram)
    {
        lock (_lock)
        {
            if (_closed)
            {
                ArrayPool<byte>.Shared.Return(datagram.Buffer);
                return;
            }

            _queue.Enqueue(datagram, (datagram.DeliverAt, _order++));
        }

        Signal();
    }

    public async ValueTask<(int Length, EndPoint? From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                if (TryTake(buffer.Span, out var length, out var from, out wait))
                {
                    return (length, from);
                }

                if (_closed)
                {
                    return (0, null);
                }
            }

            // Real-time wait; under a fake clock poll briefly so advancing it is noticed.
            if (time != TimeProvider.System || wait > TimeSpan.FromMilliseconds(50))
            {
                wait = TimeSpan.FromMilliseconds(Math.Min(time == TimeProvider.System ? 50 : 2, Math.Max(wait.TotalMilliseconds, 0)));
            }

            await _signal.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken).ConfigureAwait(false);
        }
    }

    public bool TryReceive(Span<byte> buffer, out int length, out EndPoint? from)
    {
        lock (_lock)
        {
            return TryTake(buffer, out length, out from, out _);
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }

        Signal();
    }

    private bool TryTake(Span<byte> buffer, out int length, out EndPoint? from, out TimeSpan wait)
    {
        length = 0;
        from = null;
        wait = TimeSpan.FromMilliseconds(50);
        if (!_queue.TryPeek(out var item, out _))
        {
            return false;
        }

        var now = time.GetTimestamp();
        if (item.DeliverAt > now)
        {
            wait = time.GetElapsedTime(now, item.DeliverAt);
            return false;
        }

        _queue.Dequeue();
        length = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, length).CopyTo(buffer);
        from = item.From;
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return true;
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another poster won the race; one wake-up is enough.
            }
        }
    }
}

/// <summary>
/// One direction of an in-memory link: applies <see cref="LinkConditions"/> (rate queue with tail
/// drop, delay, FIFO jitter, random loss, blackhole) and posts into the target inbox with a delivery time.
/// </summary>
internal sealed class MemoryPath(MemoryInbox target, LinkConditions conditions, TimeProvider time) : IDisposable
{
    private readonly Random _random = new(conditions.Seed);
    private readonly Lock _lock = new();
    private long _queueFreeAt;
    private long _lastDeliverAt;

    public LinkConditions Conditions => conditions;

    public long Sent { get; private set; }

    public long Dropped { get; private set; }

    public LinkSendResult Send(ReadOnlySpan<byte> datagram, EndPoint? from)
    {
        var c = conditions;
        long deliverAt;
        lock (_lock)
        {
            Sent++;
            if (c.Blackhole || (c.Loss > 0 && _random.NextDouble() < c.Loss))
            {
                Dropped++;
                return LinkSendResult.Sent;
            }

            var now = time.GetTimestamp();
            var frequency = time.TimestampFrequency;
            var departAt = now;
            if (c.RateBitsPerSecond > 0)
            {
                var start = Math.Max(now, _queueFreeAt);
                if (start - now > c.MaxQueueDelay.TotalSeconds * frequency)
                {
                    Dropped++;
                    return LinkSendResult.Sent;
                }

                _queueFreeAt = start + (long)((datagram.Length + 28) * 8.0 / c.RateBitsPerSecond * frequency);
                departAt = _queueFreeAt;
            }

            var jitter = c.Jitter > TimeSpan.Zero ? _random.NextDouble() * c.Jitter.TotalSeconds : 0;
            deliverAt = Math.Max(departAt + (long)((c.Delay.TotalSeconds + jitter) * frequency), _lastDeliverAt);
            _lastDeliverAt = deliverAt;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        target.Post(new MemoryDatagram(buffer, datagram.Length, from, deliverAt));
        return LinkSendResult.Sent;
    }

    public void Dispose()
    {
    }
}
