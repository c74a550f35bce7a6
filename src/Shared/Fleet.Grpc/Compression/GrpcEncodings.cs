namespace Fleet.Grpc.Compression;

/// <summary>The message encodings this runtime understands.</summary>
internal static class GrpcEncodings
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>Value of grpc-accept-encoding sent by both sides.</summary>
    public const string AcceptEncodingValue = "identity,gzip";

    public static bool IsSupported(string encoding) =>
        string.Equals(encoding, Identity, StringComparison.OrdinalIgnoreCase)
        || string.Equals(encoding, Gzip, StringComparison.OrdinalIgnoreCase);

    public static bool IsIdentity(string? encoding) =>
        string.IsNullOrEmpty(encoding) || string.Equals(encoding, Identity, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a peer's grpc-accept-encoding list (comma separated) contains <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }

        foreach (var part in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
