using System.Security.Cryptography;

namespace Fleet.Bonding.Crypto;

/// <summary>
/// A long-lived P-256 identity key (the agent's from enrollment, the server's handed out by central).
/// The public key travels as 64 raw bytes (X‖Y).
/// </summary>
public sealed class StaticKeyPair : IDisposable
{
    public const int PublicKeySize = 64;
    private const int CoordinateSize = 32;

    private StaticKeyPair(ECDiffieHellman key)
    {
        Key = key;
        var q = key.ExportParameters(false).Q;
        PublicKey = [.. q.X!, .. q.Y!];
    }

    internal ECDiffieHellman Key { get; }

    public byte[] PublicKey { get; }

    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey);

    public static StaticKeyPair Generate() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    public static StaticKeyPair FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDiffieHellman.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return FromImported(key);
    }

    public static StaticKeyPair FromPem(string pem)
    {
        var key = ECDiffieHellman.Create();
        key.ImportFromPem(pem);
        return FromImported(key);
    }

    public byte[] ExportPkcs8() => Key.ExportPkcs8PrivateKey();

    public string ExportPem() => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>Accepts base64 of the 64 raw bytes, of 65 bytes with the 0x04 prefix, or of a SubjectPublicKeyInfo.</summary>
    public static bool TryParsePublicKey(string text, out byte[] publicKey, out string error)
    {
        publicKey = [];
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            error = "public key is not base64";
            return false;
        }

        if (bytes.Length == PublicKeySize + 1 && bytes[0] == 4)
        {
            bytes = bytes[1..];
        }

        if (bytes.Length != PublicKeySize)
        {
            try
            {
                using var spki = ECDiffieHellman.Create();
                spki.ImportSubjectPublicKeyInfo(bytes, out _);
                var q = spki.ExportParameters(false).Q;
                bytes = [.. q.X!, .. q.Y!];
            }
            catch (CryptographicException)
            {
                error = "public key is neither 64 raw P-256 bytes nor a P-256 SubjectPublicKeyInfo";
                return false;
            }
        }

        if (!IsValidPublicKey(bytes))
        {
            error = "public key is not a point on P-256";
            return false;
        }

        publicKey = bytes;
        error = "";
        return true;
    }

    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        using var imported = TryImportPublic(publicKey);
        return imported is not null;
    }

    /// <summary>Imports a peer's raw public key; null when it is not a valid P-256 point.</summary>
    internal static ECDiffieHellman? TryImportPublic(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            return null;
        }

        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportParameters(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey[..CoordinateSize].ToArray(), Y = publicKey[CoordinateSize..].ToArray() },
            });
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    public void Dispose() => Key.Dispose();

    private static StaticKeyPair FromImported(ECDiffieHellman key)
    {
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException("The bonding identity key must be a P-256 key.");
        }

        return new StaticKeyPair(key);
    }
}
