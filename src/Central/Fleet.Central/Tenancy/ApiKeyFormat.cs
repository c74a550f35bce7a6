using System.Security.Cryptography;

namespace Fleet.Central.Tenancy;

/// <summary>Keys look like <c>fk_&lt;8-char prefix&gt;_&lt;43-char secret&gt;</c>. The prefix is public (shown in
/// listings, used to find the row); the secret carries 256 random bits, so a plain SHA-256 of the whole key
/// is a safe stored form (no slow password hash needed for high-entropy input).</summary>
public static class ApiKeyFormat
{
    public const string Marker = "fk_";
    public const int PrefixLength = 8;
    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string Key, string Prefix) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Marker}{prefix}_{secret}", prefix);
    }

    public static bool LooksLikeKey(string? value) =>
        value is not null && value.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>The lookup prefix of a presented key, or null when the key is not in the expected shape.</summary>
    public static string? PrefixOf(string presented)
    {
        if (!LooksLikeKey(presented) || presented.Length < Marker.Length + PrefixLength + 2)
            return null;
        if (presented[Marker.Length + PrefixLength] != '_')
            return null;
        var prefix = presented.Substring(Marker.Length, PrefixLength);
        return prefix.All(c => PrefixAlphabet.Contains(c)) ? prefix : null;
    }
}
