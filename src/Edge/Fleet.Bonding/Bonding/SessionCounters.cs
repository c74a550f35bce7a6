using Fleet.Bonding.Protocol;

namespace Fleet.Bonding;

/// <summary>Drop counters by reason plus traffic totals; thread-safe (Interlocked), allocation-free.</summary>
public sealed class SessionCounters
{
    private readonly long[] _drops = new long[DropReasons.Count];
    private long _txPackets, _txBytes, _rxPackets, _rxBytes, _duplicatesSent;

    public long TxPackets => Interlocked.Read(ref _txPackets);

    public long TxBytes => Interlocked.Read(ref _txBytes);

    public long RxPackets => Interlocked.Read(ref _rxPackets);

    public long RxBytes => Interlocked.Read(ref _rxBytes);

    public long DuplicatesSent => Interlocked.Read(ref _duplicatesSent);

    public long Dropped(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    public long TotalDropped
    {
        get
        {
            long sum = 0;
            for (var i = 1; i < _drops.Length; i++)
            {
                sum += Interlocked.Read(ref _drops[i]);
            }

            return sum;
        }
    }

    public IReadOnlyDictionary<DropReason, long> DropsByReason()
    {
        var result = new Dictionary<DropReason, long>();
        for (var i = 1; i < _drops.Length; i++)
        {
            var value = Interlocked.Read(ref _drops[i]);
            if (value != 0)
            {
                result[(DropReason)i] = value;
            }
        }

        return result;
    }

    internal void Drop(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    internal void Sent(int bytes)
    {
        Interlocked.Increment(ref _txPackets);
        Interlocked.Add(ref _txBytes, bytes);
    }

    internal void Received(int bytes)
    {
        Interlocked.Increment(ref _rxPackets);
        Interlocked.Add(ref _rxBytes, bytes);
    }

    internal void DuplicateSent() => Interlocked.Increment(ref _duplicatesSent);
}
