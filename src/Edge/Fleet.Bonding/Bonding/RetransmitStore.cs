namespace Fleet.Bonding;

/// <summary>
/// The last N ordered data packets sent, by global sequence, so a NACKed one can be resent on another
/// link. Slot buffers are allocated on first use and then reused (no allocation in steady state).
/// Used under the session's send lock.
/// </summary>
internal sealed class RetransmitStore(int capacity)
{
    private readonly int _mask = capacity - 1;
    private readonly Entry[] _entries = new Entry[capacity];

    public static int RoundUpCapacity(int requested) => requested <= 0 ? 0 : (int)Math.Max(64u, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)requested));

    public void Store(uint seq, byte linkId, ReadOnlySpan<byte> packet)
    {
        ref var entry = ref _entries[seq & (uint)_mask];
        entry.Buffer ??= new byte[Protocol.BondingProtocol.MaxInnerPacket];
        packet.CopyTo(entry.Buffer);
        entry.Seq = seq;
        entry.Length = packet.Length;
        entry.LinkId = linkId;
        entry.Valid = true;
        entry.Resent = false;
    }

    /// <summary>The packet for <paramref name="seq"/> if still stored and not yet resent (each is resent once).</summary>
    public bool TryTakeForResend(uint seq, out ReadOnlySpan<byte> packet, out byte originalLinkId)
    {
        ref var entry = ref _entries[seq & (uint)_mask];
        if (!entry.Valid || entry.Seq != seq || entry.Resent)
        {
            packet = default;
            originalLinkId = 0;
            return false;
        }

        entry.Resent = true;
        packet = entry.Buffer.AsSpan(0, entry.Length);
        originalLinkId = entry.LinkId;
        return true;
    }

    private struct Entry
    {
        public uint Seq;
        public byte[] Buffer;
        public int Length;
        public byte LinkId;
        public bool Valid;
        public bool Resent;
    }
}
