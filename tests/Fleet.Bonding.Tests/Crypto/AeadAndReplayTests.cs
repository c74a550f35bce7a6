using Fleet.Bonding.Crypto;

namespace Fleet.Bonding.Tests.Crypto;

public class AeadCipherTests
{
    [Fact]
    public void SealThenOpen_SameCounterAndAad_RecoversPlaintext()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var sender = new AeadCipher(key);
        using var receiver = new AeadCipher(key);
        var plain = "hello bonded world"u8.ToArray();
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        var aad = new byte[] { 1, 2, 3 };
        sender.Seal(42, plain, cipher, tag, aad);

        var opened = new byte[plain.Length];
        Assert.True(receiver.TryOpen(42, cipher, tag, opened, aad));
        Assert.Equal(plain, opened);
        Assert.NotEqual(plain, cipher);
    }

    [Fact]
    public void TryOpen_TamperedCiphertextAadOrCounter_ReturnsFalse()
    {
        var key = new byte[32];
        key[0] = 9;
        using var aead = new AeadCipher(key);
        var plain = new byte[100];
        var cipher = new byte[100];
        var tag = new byte[16];
        var aad = new byte[] { 7 };
        aead.Seal(1, plain, cipher, tag, aad);
        var output = new byte[100];

        Assert.False(aead.TryOpen(2, cipher, tag, output, aad));
        Assert.False(aead.TryOpen(1, cipher, tag, output, [8]));
        cipher[50] ^= 1;
        Assert.False(aead.TryOpen(1, cipher, tag, output, aad));
    }
}

public class ReplayWindowTests
{
    [Fact]
    public void Mark_SameCounterTwice_SecondIsReplay()
    {
        var window = new ReplayWindow();
        Assert.True(window.Mark(10));
        Assert.False(window.IsFresh(10));
        Assert.False(window.Mark(10));
    }

    [Fact]
    public void Mark_OutOfOrderWithinWindow_AcceptsEachOnce()
    {
        var window = new ReplayWindow();
        var counters = Enumerable.Range(0, 5000).Select(i => (ulong)i).OrderBy(i => (i * 7919) % 5003).ToArray();
        foreach (var counter in counters)
        {
            Assert.True(window.Mark(counter), $"counter {counter}");
        }

        foreach (var counter in counters)
        {
            Assert.False(window.IsFresh(counter));
        }
    }

    [Fact]
    public void IsFresh_OlderThanWindow_Rejected()
    {
        var window = new ReplayWindow();
        window.Mark(100_000);
        Assert.False(window.IsFresh(100_000 - ReplayWindow.WindowSize));
        Assert.True(window.IsFresh(100_000 - ReplayWindow.WindowSize + 1));
    }

    [Fact]
    public void Mark_BigJump_ClearsStaleBitsSoNewCountersAreFresh()
    {
        var window = new ReplayWindow();
        for (ulong i = 0; i < 200; i++)
        {
            window.Mark(i);
        }

        // Jump by exactly the ring size: the old bits for these positions must not linger.
        const ulong jump = 8192;
        Assert.True(window.Mark(jump + 199));
        for (ulong i = jump; i < jump + 199; i++)
        {
            Assert.True(window.IsFresh(i), $"counter {i}");
        }

        Assert.False(window.IsFresh(ulong.MaxValue - 1));
    }
}
