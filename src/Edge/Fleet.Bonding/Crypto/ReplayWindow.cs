namespace Fleet.Bonding.Crypto;

/// <summary>
/// Sliding anti-replay window over the 64-bit packet counter (RFC 6479 style, as in wireguard-go):
/// counters more than <see cref="WindowSize"/> behind the highest seen, or seen before, are rejected.
/// Packets from several links arrive out of order by up to the links' delay spread, so the window is
/// wide (8192 packets ≈ 100 ms at 1 Gbit/s). <see cref="IsFresh"/> runs before decryption and
/// <see cref="Mark"/> only after authentication succeeded, so forgeries cannot move the window.
/// </summary>
public sealed class ReplayWindow
{
    public const int WindowSize = 8192 - 64;
    private const int Blocks = 8192 / 64;
    private const int BlockMask = Blocks - 1;

    /// <summary>Counters at or beyond this are never accepted (the keypair must be replaced first).</summary>
    public const ulong RejectAfterCounter = ulong.MaxValue - 8192;

    private readonly ulong[] _bits = new ulong[Blocks];
    private ulong _highest;
    private bool _any;

    public ulong Highest => _highest;

    public bool IsFresh(ulong counter)
    {
        if (counter >= RejectAfterCounter)
        {
            return false;
        }

        if (!_any || counter > _highest)
        {
            return true;
        }

        if (_highest - counter >= WindowSize)
        {
            return false;
        }

        var block = (int)((counter >> 6) & BlockMask);
        return (_bits[block] & (1UL << (int)(counter & 63))) == 0;
    }

    /// <summary>Records an authenticated counter; returns false if it was not fresh (replay).</summary>
    public bool Mark(ulong counter)
    {
        if (!IsFresh(counter))
        {
            return false;
        }

        var block = counter >> 6;
        if (!_any || counter > _highest)
        {
            var current = _any ? _highest >> 6 : block;
            var advance = Math.Min(block - current, (ulong)Blocks);
            if (!_any)
            {
                Array.Clear(_bits);
            }

            for (ulong i = 1; i <= advance; i++)
            {
                _bits[(int)((current + i) & BlockMask)] = 0;
            }

            _highest = counter;
            _any = true;
        }

        _bits[(int)(block & BlockMask)] |= 1UL << (int)(counter & 63);
        return true;
    }

    public void Reset()
    {
        Array.Clear(_bits);
        _highest = 0;
        _any = false;
    }
}
