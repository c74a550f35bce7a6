using System.Security.Cryptography;
using System.Text;

namespace Fleet.Central.Security;

/// <summary>Random bearer secrets and their stored hashes. The secrets carry 256 random bits, so a plain
/// SHA-256 is enough (a slow password hash protects low-entropy input, which these are not).</summary>
public static class Secrets
{
    public static string Generate(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    /// <summary>Compares a presented key with a configured one without leaking the length of the match.</summary>
    public static bool KeyEquals(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), Hash(configured));

    /// <summary>Extracts the credential from an <c>authorization: Bearer …</c> value; null when absent.</summary>
    public static string? ParseBearer(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var credential = authorization[scheme.Length..].Trim();
        return credential.Length == 0 ? null : credential;
    }
}
