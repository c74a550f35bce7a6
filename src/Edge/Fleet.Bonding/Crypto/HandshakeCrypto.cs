using System.Security.Cryptography;

namespace Fleet.Bonding.Crypto;

/// <summary>
/// Noise-style symmetric state for the IK pattern over P-256: a running transcript hash h (used as AAD
/// for every sealed field) and a chaining key ck into which each ECDH result is mixed with HKDF-SHA256.
/// </summary>
internal sealed class HandshakeCrypto
{
    public const int HashSize = 32;
    private static readonly byte[] InitialHash = SHA256.HashData("Fleet-Bond-IK-P256-HKDF-SHA256-AEAD-v1"u8);

    public byte[] Hash { get; } = new byte[HashSize];

    public byte[] ChainingKey { get; } = new byte[HashSize];

    public static HandshakeCrypto Start(ReadOnlySpan<byte> responderStatic)
    {
        var state = new HandshakeCrypto();
        InitialHash.CopyTo(state.Hash, 0);
        InitialHash.CopyTo(state.ChainingKey, 0);
        state.MixHash(responderStatic);
        return state;
    }

    public HandshakeCrypto Clone()
    {
        var copy = new HandshakeCrypto();
        Hash.CopyTo(copy.Hash, 0);
        ChainingKey.CopyTo(copy.ChainingKey, 0);
        return copy;
    }

    public void MixHash(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Hash);
        sha.AppendData(data);
        sha.GetHashAndReset(Hash);
    }

    /// <summary>ck, k = HKDF(ck, ikm); returns k.</summary>
    public byte[] MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> output = stackalloc byte[2 * HashSize];
        Kdf(ChainingKey, inputKeyMaterial, output);
        output[..HashSize].CopyTo(ChainingKey);
        return output[HashSize..].ToArray();
    }

    /// <summary>The two transport keys (initiator→responder, responder→initiator).</summary>
    public void Split(Span<byte> initiatorToResponder, Span<byte> responderToInitiator)
    {
        Span<byte> output = stackalloc byte[2 * HashSize];
        // OpenSSL's HKDF refuses empty input key material; a fixed label takes its place.
        Kdf(ChainingKey, "fleet-bond-split"u8, output);
        output[..HashSize].CopyTo(initiatorToResponder);
        output[HashSize..].CopyTo(responderToInitiator);
        CryptographicOperations.ZeroMemory(output);
    }

    /// <summary>Seals with a one-time key (nonce 0) and the transcript as AAD, then mixes the ciphertext in.</summary>
    public void SealAndHash(byte[] key, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        using (var aead = new AeadCipher(key))
        {
            aead.Seal(0, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, AeadCipher.TagSize), Hash);
        }

        MixHash(destination[..(plaintext.Length + AeadCipher.TagSize)]);
        CryptographicOperations.ZeroMemory(key);
    }

    public bool OpenAndHash(byte[] key, ReadOnlySpan<byte> sealedData, Span<byte> plaintext)
    {
        var length = sealedData.Length - AeadCipher.TagSize;
        bool ok;
        using (var aead = new AeadCipher(key))
        {
            ok = aead.TryOpen(0, sealedData[..length], sealedData[length..], plaintext[..length], Hash);
        }

        CryptographicOperations.ZeroMemory(key);
        if (ok)
        {
            MixHash(sealedData);
        }

        return ok;
    }

    public static byte[]? Agree(ECDiffieHellman privateKey, ECDiffieHellman publicKey)
    {
        try
        {
            return privateKey.DeriveRawSecretAgreement(publicKey.PublicKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static byte[] RawPublicKey(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        return [.. q.X!, .. q.Y!];
    }

    private static void Kdf(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, Span<byte> output)
    {
        Span<byte> prk = stackalloc byte[HashSize];
        HKDF.Extract(HashAlgorithmName.SHA256, inputKeyMaterial, chainingKey, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, []);
        CryptographicOperations.ZeroMemory(prk);
    }
}
