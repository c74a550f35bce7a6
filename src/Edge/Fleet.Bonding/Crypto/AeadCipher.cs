using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fleet.Bonding.Crypto;

/// <summary>
/// One direction's AEAD: ChaCha20-Poly1305 where the platform has it, AES-256-GCM otherwise. The 96-bit
/// nonce is 4 zero bytes + the 64-bit packet counter, so a key never sees a nonce twice as long as the
/// counter only grows (the owner guarantees that). Span-based, no allocation per call.
/// Not thread-safe: one caller at a time (the session serialises send and receive paths).
/// </summary>
public sealed class AeadCipher : IDisposable
{
    public const int KeySize = 32;
    public const int TagSize = 16;
    public const int NonceSize = 12;

    private readonly ChaCha20Poly1305? _chacha;
    private readonly AesGcm? _aes;

    public AeadCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AEAD key must be {KeySize} bytes.", nameof(key));
        }

        if (ChaCha20Poly1305.IsSupported)
        {
            _chacha = new ChaCha20Poly1305(key);
        }
        else
        {
            _aes = new AesGcm(key, TagSize);
        }
    }

    public static string AlgorithmName => ChaCha20Poly1305.IsSupported ? "ChaCha20-Poly1305" : "AES-256-GCM";

    public void Seal(ulong counter, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(nonce, counter);
        if (_chacha is not null)
        {
            _chacha.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        else
        {
            _aes!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
    }

    /// <summary>Verifies and decrypts; false for a forged or corrupted packet (the platform throws, we don't).</summary>
    public bool TryOpen(ulong counter, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(nonce, counter);
        try
        {
            if (_chacha is not null)
            {
                _chacha.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
            else
            {
                _aes!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }

            return true;
        }
        catch (CryptographicException)
        {
            // The in-box AEADs report a bad tag only by exception; it stays inside this method.
            plaintext.Clear();
            return false;
        }
    }

    public void Dispose()
    {
        _chacha?.Dispose();
        _aes?.Dispose();
    }

    private static void WriteNonce(Span<byte> nonce, ulong counter)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }
}
