using Fleet.Bonding.Crypto;

namespace Fleet.Aggregator.Keys;

/// <summary>
/// `keygen --out PREFIX`: a P-256 static key pair as PREFIX.key (PKCS#8 PEM, mode 600) and PREFIX.pub
/// (base64 of the 64 raw public bytes) — what central would otherwise hand out.
/// </summary>
public static class KeygenCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not ["--out", var prefix] || string.IsNullOrWhiteSpace(prefix))
        {
            error.WriteLine("usage: keygen --out PREFIX   (writes PREFIX.key and PREFIX.pub)");
            return 2;
        }
        try
        {
            Write(prefix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"keygen: {e.Message}");
            return 1;
        }
        output.WriteLine($"{prefix}.key {prefix}.pub");
        return 0;
    }

    public static string Write(string prefix)
    {
        using var key = StaticKeyPair.Generate();
        var keyFile = prefix + ".key";
        File.WriteAllText(keyFile, key.ExportPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(prefix + ".pub", key.PublicKeyBase64 + "\n");
        return key.PublicKeyBase64;
    }

    /// <summary>Loads a private key file; a clear message instead of a crypto exception on bad input.</summary>
    public static StaticKeyPair Load(string path)
    {
        try
        {
            return StaticKeyPair.FromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a PKCS#8 PEM P-256 private key: {e.Message}", e);
        }
    }
}
