namespace Fleet.Bonding;

/// <summary>
/// Fixed-size packet buffers owned by one session: grows to the high-water mark once, then recycles.
/// (ArrayPool.Shared keeps only a few arrays per size and core, so hundreds of held packets would
/// allocate every time.) Not thread-safe: used under the session's receive lock.
/// </summary>
internal sealed class PacketBufferPool(int bufferSize, int maxKept)
{
    private readonly Stack<byte[]> _free = new();

    public int BufferSize => bufferSize;

    public byte[] Rent() => _free.TryPop(out var buffer) ? buffer : new byte[bufferSize];

    public void Return(byte[] buffer)
    {
        if (buffer.Length == bufferSize && _free.Count < maxKept)
        {
            _free.Push(buffer);
        }
    }
}
